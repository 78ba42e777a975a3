import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { ConfigReader } from '@backstage/config';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import quantumlayerDeployments from './__fixtures__/deployments-quantumlayer.json';
import temporalDeployments from './__fixtures__/deployments-temporal.json';
import {
  refusedPort,
  startFakeKubernetesApi,
} from './__testUtils__/fakeKubernetesApi';
import { validateEntity } from './__testUtils__/validateEntity';
import { catalogModuleQuantumlayer } from './module';

type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

/**
 * Starts the module the way the catalog does: each registered provider is
 * connected, and the mock scheduler runs the scheduled refresh on startup.
 */
async function startCatalogWith(
  data: ConfigData,
  extra: { logger?: ReturnType<typeof mockServices.logger.mock> } = {},
) {
  const providers: EntityProvider[] = [];
  const mutations: EntityProviderMutation[] = [];
  const connects: Promise<void>[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      mutations.push(mutation);
    },
    refresh: async () => {},
  };
  const backend = await startTestBackend({
    extensionPoints: [
      [
        catalogProcessingExtensionPoint,
        {
          addEntityProvider: (...added) => {
            for (const provider of added.flat()) {
              providers.push(provider);
              connects.push(provider.connect(connection));
            }
          },
        },
      ],
    ],
    features: [
      catalogModuleQuantumlayer,
      mockServices.rootConfig.factory({ data }),
      mockServices.scheduler.factory(),
      ...(extra.logger ? [extra.logger.factory] : []),
    ],
  });
  await Promise.all(connects);
  return { backend, providers, mutations };
}

const refs = (mutation: EntityProviderMutation) =>
  mutation.type === 'full'
    ? mutation.entities.map(e => stringifyEntityRef(e.entity))
    : [];

describe('catalogModuleQuantumlayer', () => {
  it('registers the provider and emits the platform as one full mutation on the scheduled refresh', async () => {
    const { backend, providers, mutations } = await startCatalogWith({
      quantumlayer: {
        llm: {
          providers: [
            { type: 'openai', apiKey: 'sk-SECRET-0001', models: ['gpt-4o'] },
          ],
        },
      },
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'QuantumlayerEntityProvider',
    ]);
    expect(mutations).toHaveLength(1);
    const [mutation] = mutations;
    expect(mutation.type).toBe('full');
    expect(refs(mutation)).toEqual([
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
      'resource:default/llm-openai',
      'api:default/quantumlayer-rest-api',
      'api:default/quantumlayer-openai-compatible-api',
    ]);
    if (mutation.type !== 'full') throw new Error('expected a full mutation');
    expect(new Set(mutation.entities.map(e => e.locationKey))).toEqual(
      new Set(['QuantumlayerEntityProvider']),
    );
    expect(JSON.stringify(mutation)).not.toContain('SECRET');
    for (const { entity } of mutation.entities) {
      await expect(validateEntity(entity)).resolves.toBeDefined();
    }
    // Each Resource names the backend health check its entity card shows.
    expect(
      mutation.entities.map(({ entity }) => [
        entity.metadata.name,
        entity.metadata.annotations?.['quantumlayer.io/health-check'],
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['quantumlayer-postgres', 'database'],
        ['quantumlayer-redis', 'redis'],
        ['quantumlayer-qdrant', 'vectorStore'],
        ['quantumlayer-temporal', 'temporal'],
        ['llm-openai', 'llmRouter'],
        ['workflow-api', undefined],
        ['quantumlayer', undefined],
        ['quantumlayer-rest-api', undefined],
      ]),
    );
    await backend.stop();
  });

  it('registers nothing when quantumlayer.catalog.enabled is false', async () => {
    const { backend, providers, mutations } = await startCatalogWith({
      quantumlayer: { catalog: { enabled: false } },
    });
    expect(providers).toEqual([]);
    expect(mutations).toEqual([]);
    await backend.stop();
  });

  it('schedules every 10 minutes by default, or as configured', async () => {
    const schedules: unknown[] = [];
    const runner: SchedulerServiceTaskRunner = { run: async () => {} };
    const scheduler = mockServices.scheduler.mock({
      createScheduledTaskRunner: schedule => {
        schedules.push(schedule);
        return runner;
      },
    });
    const start = async (data: ConfigData) =>
      startTestBackend({
        extensionPoints: [
          [catalogProcessingExtensionPoint, { addEntityProvider: () => {} }],
        ],
        features: [
          catalogModuleQuantumlayer,
          mockServices.rootConfig.factory({ data }),
          scheduler.factory,
        ],
      });
    const first = await start({});
    const second = await start({
      quantumlayer: {
        catalog: {
          schedule: { frequency: { minutes: 30 }, timeout: 'PT2M' },
        },
      },
    });
    expect(schedules).toEqual([
      { frequency: { minutes: 10 }, timeout: { minutes: 1 } },
      expect.objectContaining({
        frequency: { minutes: 30 },
        timeout: expect.objectContaining({ minutes: 2 }),
      }),
    ]);
    await first.stop();
    await second.stop();
  });

  describe('with kubernetes.enabled', () => {
    it('annotates the Components found as Deployments and adds the others', async () => {
      const api = await startFakeKubernetesApi({
        quantumlayer: quantumlayerDeployments,
        temporal: temporalDeployments,
      });
      try {
        const { backend, mutations } = await startCatalogWith({
          quantumlayer: {
            kubernetes: {
              server: api.url,
              token: 'test-token',
              // client-node refuses plain http:// otherwise
              skipTLSVerify: true,
            },
            catalog: { kubernetes: { enabled: true } },
          },
        });
        expect(
          api.requests.map(r => [
            r.method,
            r.path,
            r.query.labelSelector,
            r.headers.authorization,
          ]),
        ).toEqual(
          expect.arrayContaining([
            [
              'GET',
              '/apis/apps/v1/namespaces/quantumlayer/deployments',
              'app.kubernetes.io/part-of=quantumlayer',
              'Bearer test-token',
            ],
            [
              'GET',
              '/apis/apps/v1/namespaces/temporal/deployments',
              'app.kubernetes.io/part-of=quantumlayer',
              'Bearer test-token',
            ],
          ]),
        );
        expect(mutations).toHaveLength(1);
        const [mutation] = mutations;
        if (mutation.type !== 'full') throw new Error('expected full');
        const byName = new Map(
          mutation.entities.map(e => [e.entity.metadata.name, e.entity]),
        );
        expect(byName.get('llm-router')?.metadata.annotations).toMatchObject({
          'backstage.io/kubernetes-id': 'llm-router',
          'backstage.io/kubernetes-namespace': 'quantumlayer',
          'backstage.io/kubernetes-label-selector':
            'app.kubernetes.io/part-of=quantumlayer,app.kubernetes.io/name=llm-router',
        });
        expect(byName.get('workflow-api')?.metadata.annotations).toMatchObject({
          'backstage.io/kubernetes-id': 'workflow-api',
          'backstage.io/kubernetes-namespace': 'temporal',
        });
        // Named by its backstage.io/kubernetes-id label, not app.kubernetes.io/name (ql-docs-indexer).
        expect(byName.get('docs-indexer')).toMatchObject({
          kind: 'Component',
          metadata: {
            annotations: {
              'backstage.io/kubernetes-id': 'docs-indexer',
              'backstage.io/kubernetes-namespace': 'quantumlayer',
            },
          },
          spec: { system: 'quantumlayer' },
        });
        expect(refs(mutation)).toHaveLength(17);
        for (const { entity } of mutation.entities) {
          await expect(validateEntity(entity)).resolves.toBeDefined();
        }
        await backend.stop();
      } finally {
        await api.close();
      }
    });

    it('warns and still emits the config topology when the cluster refuses connections', async () => {
      const logger = mockServices.logger.mock();
      const port = await refusedPort();
      const { backend, mutations } = await startCatalogWith(
        {
          quantumlayer: {
            kubernetes: {
              server: `http://127.0.0.1:${port}`,
              skipTLSVerify: true,
            },
            catalog: { kubernetes: { enabled: true } },
          },
        },
        { logger },
      );
      expect(mutations).toHaveLength(1);
      expect(refs(mutations[0])).toHaveLength(16);
      expect(refs(mutations[0])).toContain('component:default/llm-router');
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          new RegExp(
            `could not read Deployments from http://127\\.0\\.0\\.1:${port} .*emitting the config topology.*namespace (quantumlayer|temporal).*ECONNREFUSED`,
          ),
        ),
      );
      expect(logger.error).not.toHaveBeenCalled();
      await backend.stop();
    });
  });
});
