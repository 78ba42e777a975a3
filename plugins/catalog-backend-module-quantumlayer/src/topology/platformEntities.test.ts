import { ConfigReader } from '@backstage/config';
import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { validateEntity } from '../__testUtils__/validateEntity';
import { buildPlatformEntities } from './platformEntities';
import { readPlatformTopology } from './readTopology';

type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const refOf = (e: Entity) => stringifyEntityRef(getCompoundEntityRef(e));

function build(data: ConfigData = {}) {
  return buildPlatformEntities(readPlatformTopology(new ConfigReader(data)));
}

function byRef(entities: Entity[]): Map<string, Entity> {
  return new Map(entities.map(e => [refOf(e), e]));
}

const SECRETS = {
  quantumlayer: {
    llm: {
      providers: [
        {
          type: 'openai',
          apiKey: 'sk-SECRET-openai-0001',
          organization: 'org-hidden',
          models: ['gpt-4o-mini'],
          embeddingModels: ['text-embedding-3-small'],
        },
        {
          type: 'anthropic',
          id: 'claude',
          apiKey: 'sk-ant-SECRET-0002',
          models: ['claude-3-5-haiku-latest'],
        },
        {
          type: 'bedrock',
          region: 'eu-west-1',
          accessKeyId: 'AKIASECRET0003',
          secretAccessKey: 'SECRET-aws-0004',
          sessionToken: 'SECRET-session-0005',
        },
        {
          type: 'azure-openai',
          id: 'Azure EU',
          apiKey: 'SECRET-azure-0006',
          endpoint: 'https://secret-resource.openai.azure.com',
          apiVersion: '2024-10-21',
          deployments: [{ model: 'gpt-4o', deployment: 'prod-gpt4o' }],
        },
        {
          type: 'openai-compatible',
          id: 'vllm',
          baseUrl: 'http://user:SECRET-pw-0007@vllm:8000/v1',
          apiKey: 'SECRET-vllm-0008',
          model: 'qwen2.5-coder',
        },
      ],
    },
  },
};

describe('buildPlatformEntities', () => {
  it('emits the System, eight Components, four Resources, the template provider and two APIs by default', async () => {
    const entities = build();
    expect(entities.map(refOf)).toEqual([
      'system:default/quantumlayer',
      'component:default/api-gateway',
      'component:default/workflow-api',
      'component:default/llm-router',
      'component:default/agent-orchestrator',
      'component:default/meta-prompt-engine',
      'component:default/parser',
      'component:default/codegen-worker',
      'component:default/sandbox-worker',
      'resource:default/quantumlayer-postgres',
      'resource:default/quantumlayer-redis',
      'resource:default/quantumlayer-qdrant',
      'resource:default/quantumlayer-temporal',
      'resource:default/llm-template',
      'api:default/quantumlayer-rest-api',
      'api:default/quantumlayer-openai-compatible-api',
    ]);
    for (const entity of entities) {
      await expect(validateEntity(entity)).resolves.toBeDefined();
      expect(entity.metadata.annotations).toMatchObject({
        'backstage.io/managed-by-location': 'quantumlayer:platform',
        'backstage.io/managed-by-origin-location': 'quantumlayer:platform',
      });
      expect(entity.spec?.owner).toBe('group:default/platform');
    }
    expect(
      entities.filter(
        e => e.kind !== 'System' && e.spec?.system !== 'quantumlayer',
      ),
    ).toEqual([]);
  });

  it('relates Components to APIs and Resources, and every reference resolves', () => {
    const entities = build(SECRETS);
    const all = byRef(entities);
    const spec = (ref: string) => all.get(ref)?.spec as Record<string, unknown>;

    expect(spec('component:default/api-gateway')).toMatchObject({
      providesApis: ['api:default/quantumlayer-openai-compatible-api'],
      consumesApis: ['api:default/quantumlayer-rest-api'],
      dependsOn: [
        'component:default/workflow-api',
        'component:default/llm-router',
        'component:default/agent-orchestrator',
        'component:default/meta-prompt-engine',
        'component:default/parser',
      ],
    });
    expect(spec('component:default/workflow-api')).toMatchObject({
      providesApis: ['api:default/quantumlayer-rest-api'],
      dependsOn: expect.arrayContaining([
        'resource:default/quantumlayer-temporal',
        'resource:default/quantumlayer-postgres',
      ]),
    });
    expect(spec('component:default/llm-router').dependsOn).toEqual([
      'resource:default/quantumlayer-redis',
      'resource:default/quantumlayer-qdrant',
      'resource:default/llm-openai',
      'resource:default/llm-claude',
      'resource:default/llm-bedrock',
      'resource:default/llm-azure-eu',
      'resource:default/llm-vllm',
    ]);
    expect(spec('component:default/codegen-worker').dependsOn).toEqual(
      expect.arrayContaining([
        'resource:default/quantumlayer-temporal',
        'resource:default/quantumlayer-qdrant',
        'component:default/agent-orchestrator',
      ]),
    );

    const references = entities.flatMap(e =>
      ['dependsOn', 'providesApis', 'consumesApis'].flatMap(
        key => ((e.spec as Record<string, unknown>)[key] as string[]) ?? [],
      ),
    );
    expect(references.length).toBeGreaterThan(20);
    expect(references.filter(ref => !all.has(ref))).toEqual([]);
  });

  it('makes one llm-provider Resource per configured provider, id else type, without the template', () => {
    const resources = build(SECRETS).filter(
      e => e.kind === 'Resource' && e.spec?.type === 'llm-provider',
    );
    expect(
      resources.map(r => [
        r.metadata.name,
        r.metadata.annotations?.['quantumlayer.io/llm-provider-id'],
        r.metadata.annotations?.['quantumlayer.io/llm-provider-type'],
        r.metadata.annotations?.['quantumlayer.io/llm-models'],
      ]),
    ).toEqual([
      ['llm-openai', 'openai', 'openai', 'gpt-4o-mini,text-embedding-3-small'],
      ['llm-claude', 'claude', 'anthropic', 'claude-3-5-haiku-latest'],
      ['llm-bedrock', 'bedrock', 'bedrock', undefined],
      ['llm-azure-eu', 'Azure EU', 'azure-openai', 'gpt-4o'],
      ['llm-vllm', 'vllm', 'openai-compatible', 'qwen2.5-coder'],
    ]);
  });

  it('annotates every Resource, and only Resources, with the health check it stands for', () => {
    const healthChecks = (entities: Entity[]) =>
      entities
        .filter(e => e.metadata.annotations?.['quantumlayer.io/health-check'])
        .map(e => [
          refOf(e),
          e.metadata.annotations!['quantumlayer.io/health-check'],
        ]);
    expect(healthChecks(build(SECRETS))).toEqual([
      ['resource:default/quantumlayer-postgres', 'database'],
      ['resource:default/quantumlayer-redis', 'redis'],
      ['resource:default/quantumlayer-qdrant', 'vectorStore'],
      ['resource:default/quantumlayer-temporal', 'temporal'],
      ['resource:default/llm-openai', 'llmRouter'],
      ['resource:default/llm-claude', 'llmRouter'],
      ['resource:default/llm-bedrock', 'llmRouter'],
      ['resource:default/llm-azure-eu', 'llmRouter'],
      ['resource:default/llm-vllm', 'llmRouter'],
    ]);
    // The check follows the Resource, whatever config names it.
    expect(
      healthChecks(
        build({
          quantumlayer: {
            catalog: {
              postgres: { name: 'ql-pg', cluster: 'ql-pg-cnpg' },
              redis: { name: 'ql-redis' },
              qdrant: { name: 'ql-qdrant' },
              temporal: { name: 'ql-temporal' },
            },
          },
        }),
      ),
    ).toEqual([
      ['resource:default/ql-pg', 'database'],
      ['resource:default/ql-redis', 'redis'],
      ['resource:default/ql-qdrant', 'vectorStore'],
      ['resource:default/ql-temporal', 'temporal'],
      ['resource:default/llm-template', 'llmRouter'],
    ]);
  });

  it('keeps the template provider when templateFallback is set', () => {
    const names = build({
      quantumlayer: {
        llm: {
          templateFallback: true,
          providers: [{ type: 'groq', apiKey: 'SECRET' }],
        },
      },
    }).map(e => e.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['llm-groq', 'llm-template']));
  });

  it('never puts a key, token, endpoint or organization into an entity', async () => {
    const entities = build(SECRETS);
    const text = JSON.stringify(entities);
    for (const secret of [
      'SECRET',
      'sk-',
      'AKIA',
      'org-hidden',
      'secret-resource',
      'prod-gpt4o',
      'vllm:8000',
    ]) {
      expect(text).not.toContain(secret);
    }
    for (const entity of entities) {
      await expect(validateEntity(entity)).resolves.toBeDefined();
    }
  });

  it('takes names, owner, lifecycle and the Temporal namespace from config', async () => {
    const entities = build({
      backend: { baseUrl: 'https://portal.example.com/' },
      quantumlayer: {
        temporal: { namespace: 'ql-prod' },
        catalog: {
          owner: 'team-ai',
          lifecycle: 'experimental',
          postgres: { name: 'ql-pg', cluster: 'ql-pg-cnpg' },
          redis: { name: 'ql-redis' },
          qdrant: { name: 'ql-qdrant' },
          temporal: { name: 'ql-temporal' },
        },
      },
    });
    const all = byRef(entities);
    const postgres = all.get('resource:default/ql-pg');
    expect(
      postgres?.metadata.annotations?.['quantumlayer.io/cnpg-cluster'],
    ).toBe('ql-pg-cnpg');
    expect(
      all.get('resource:default/ql-temporal')?.metadata.annotations?.[
        'quantumlayer.io/temporal-namespace'
      ],
    ).toBe('ql-prod');
    expect(all.get('resource:default/ql-redis')?.spec?.type).toBe('cache');
    expect(all.get('resource:default/ql-qdrant')?.spec?.type).toBe(
      'vector-database',
    );
    const gateway = all.get('component:default/api-gateway');
    expect(gateway?.spec).toMatchObject({
      owner: 'group:default/team-ai',
      lifecycle: 'experimental',
    });
    expect(all.get('component:default/workflow-api')?.spec?.dependsOn).toEqual(
      expect.arrayContaining([
        'resource:default/ql-temporal',
        'resource:default/ql-pg',
      ]),
    );
    const api = JSON.parse(
      all.get('api:default/quantumlayer-rest-api')?.spec?.definition as string,
    );
    expect(api.servers).toEqual([
      { url: 'https://portal.example.com/api/quantumlayer' },
    ]);
    for (const entity of entities) {
      await expect(validateEntity(entity)).resolves.toBeDefined();
    }
  });

  it('refuses names and owners the catalog would refuse, saying which key', () => {
    expect(() =>
      build({ quantumlayer: { catalog: { redis: { name: 'redis cache!' } } } }),
    ).toThrow(
      'quantumlayer.catalog.redis.name "redis cache!" is not a valid entity name',
    );
    expect(() =>
      build({ quantumlayer: { catalog: { owner: 'group:a:b/c' } } }),
    ).toThrow('quantumlayer.catalog.owner "group:a:b/c" is not an entity ref');
  });
});
