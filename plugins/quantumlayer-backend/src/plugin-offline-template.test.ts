import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  OFFLINE_TEMPLATE_FINDING,
  OFFLINE_TEMPLATE_WARNING,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import {
  catalogWithMockUser,
  freePort,
} from '@internal/quantumlayer-test-utils';
import { createTemporalEnv } from './__testUtils__/temporal';
import quantumlayerRouterFeatures from '@internal/backstage-plugin-quantumlayer-router-backend';
import { quantumlayerPlugin } from './plugin';

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
