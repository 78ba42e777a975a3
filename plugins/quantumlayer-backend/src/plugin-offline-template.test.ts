import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  OFFLINE_TEMPLATE_FINDING,
  OFFLINE_TEMPLATE_WARNING,
  templateTaskMetadata,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import {
  catalogWithMockUser,
  freePort,
} from '@internal/quantumlayer-test-utils';
import { createTemporalEnv } from './__testUtils__/temporal';
import quantumlayerRouterFeatures, {
  quantumlayerRouterPlugin,
} from '@internal/backstage-plugin-quantumlayer-router-backend';
import { quantumlayerOfflineTemplateModule } from './offline-template/offline-template-module';
import { quantumlayerPlugin } from './plugin';
import { offlineTemplateStandIn } from './__testUtils__/offline-template';

jest.setTimeout(120_000);

const api = '/api/quantumlayer';
const user = mockCredentials.user.header();
type TestBackend = Awaited<ReturnType<typeof startTestBackend>>;

/** The plugin with `quantumlayer` config; no workers unless `temporal` says so. */
function startPlugin(quantumlayer: object) {
  return startTestBackend({
    features: [
      quantumlayerPlugin,
      quantumlayerRouterFeatures,
      offlineTemplateStandIn,
      catalogWithMockUser('codegen'),
      mockServices.rootConfig.factory({
        data: {
          quantumlayer: {
            temporal: { role: 'client', address: '127.0.0.1:1' },
            vectorStore: { type: 'embedded', directory: ':memory:' },
            ...quantumlayer,
          },
        },
      }),
    ],
  });
}

describe('a run the offline template answered', () => {
  let env: TestWorkflowEnvironment | undefined;
  let backend: TestBackend | undefined;
  afterAll(async () => {
    await backend?.stop();
    await env?.teardown();
  });

  it('completes the fibonacci request and says, on every record, that the prompt was not implemented', async () => {
    env = await createTemporalEnv();
    // Discovery on, nothing listening: the template answers, with a warning.
    backend = await startPlugin({
      temporal: { address: env.address, taskQueue: 'no-provider-test' },
      llm: { localDiscovery: { enabled: true, ports: [await freePort()] } },
    });
    const started = await request(backend.server)
      .post(`${api}/v1/workflows/generate-extended`)
      .set('Authorization', user)
      .send({
        prompt:
          'Write a Python function fibonacci(n) that returns the n-th Fibonacci number',
        language: 'python',
        type: 'function',
        generate_tests: true,
        requirements: { project_name: 'fibo' },
      });
    expect(started.status).toBe(202);

    const deadline = Date.now() + 60_000;
    let run = await request(backend.server)
      .get(`${api}/v1/workflows/${started.body.workflow_id}`)
      .set('Authorization', user);
    while (run.body.status === 'running' && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 100));
      run = await request(backend.server)
        .get(`${api}/v1/workflows/${started.body.workflow_id}`)
        .set('Authorization', user);
    }

    expect(run.body.status).toBe('completed');
    const result = run.body.result;
    expect(result).toMatchObject({
      provider: 'template',
      testsPassed: true,
      offlineTemplate: true,
    });
    expect(result.reviewFindings[0]).toBe(
      `[major] ${OFFLINE_TEMPLATE_WARNING}`,
    );
    const artifact = await request(backend.server)
      .get(`${api}/v1/artifacts/${result.artifactId}`)
      .set('Authorization', user);
    expect(artifact.body.manifest.offlineTemplate).toBe(true);
    expect(artifact.body.manifest.pipeline.review[0]).toEqual(
      OFFLINE_TEMPLATE_FINDING,
    );
  });
});

describe('the offline template module', () => {
  let backend: TestBackend | undefined;
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  it("registers the template through the router plugin's extension point, routed in production only with templateFallback: true", async () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      backend = await startTestBackend({
        features: [
          quantumlayerRouterPlugin,
          quantumlayerOfflineTemplateModule,
          catalogWithMockUser('codegen'),
          mockServices.rootConfig.factory({
            data: {
              quantumlayer: {
                vectorStore: { type: 'embedded', directory: ':memory:' },
                llm: { templateFallback: true },
              },
            },
          }),
        ],
      });
    } finally {
      process.env.NODE_ENV = saved;
    }
    const providers = await request(backend.server)
      .get('/api/quantumlayer-router/v1/router/providers')
      .set('Authorization', user);
    expect(providers.status).toBe(200);
    expect(providers.body.providers.map((p: { id: string }) => p.id)).toEqual([
      'template',
      'local-embedder',
    ]);
    // It answers a workflow step from the step's codegen.* labels (what a
    // worker in another deployment sends over the router RPC)…
    const plan = await request(backend.server)
      .post('/api/quantumlayer-router/v1/router/complete')
      .set(
        'Authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:quantumlayer'),
          targetPluginId: 'quantumlayer-router',
        }),
      )
      .send({
        request: {
          model: 'default',
          messages: [{ role: 'user', content: 'Plan a fibonacci function' }],
          metadata: templateTaskMetadata({
            kind: 'plan',
            language: 'python',
            type: 'function',
            projectName: 'fibo',
            prompt: 'Plan a fibonacci function',
          }),
        },
        context: {},
      });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({
      provider: 'template',
      text: expect.stringContaining('"approach"'),
    });
    // …and refuses free-form chat, saying what it is.
    const chat = await request(backend.server)
      .post('/api/quantumlayer-router/v1/chat/completions')
      .set('Authorization', user)
      .send({
        model: 'default',
        messages: [{ role: 'user', content: 'hi' }],
      });
    expect(chat.status).toBe(400);
    expect(JSON.stringify(chat.body)).toContain(
      'the template provider needs a code-generation task',
    );
  });
});
