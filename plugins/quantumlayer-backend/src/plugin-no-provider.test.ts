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
import { catalogWithMockUser } from './__testUtils__/catalog-user';
import {
  freePort,
  LoopbackServer,
  startLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import { createTemporalEnv } from './__testUtils__/temporal';
import ollamaModels from './llm/providers/openai-compatible/__fixtures__/ollama-models.json';
import ollamaText from './llm/providers/openai-compatible/__fixtures__/ollama-text.json';
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

/** Runs `fn` with NODE_ENV set as the backend image sets it. */
async function inProduction<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return await fn();
  } finally {
    process.env.NODE_ENV = saved;
  }
}

describe('the plugin with no LLM provider configured', () => {
  let backend: TestBackend | undefined;
  let ollama: LoopbackServer | undefined;
  afterEach(async () => {
    await backend?.stop();
    await ollama?.close();
    backend = undefined;
    ollama = undefined;
  });

  it('refuses to start in production, naming quantumlayer.llm.providers', async () => {
    await expect(inProduction(() => startPlugin({}))).rejects.toThrow(
      /No LLM provider is configured \(quantumlayer\.llm\.providers is empty\), and NODE_ENV is production: QuantumLayer will not generate code or serve the LLM gateway with the offline template provider, which does not implement prompts\. Configure a provider under quantumlayer\.llm\.providers, or set quantumlayer\.llm\.templateFallback: true/,
    );
  });

  it('refuses as the router role alone too', async () => {
    await expect(
      inProduction(() => startPlugin({ roles: ['router'] })),
    ).rejects.toThrow(/quantumlayer\.llm\.providers is empty/);
  });

  it('starts in production with templateFallback: true, the template routed', async () => {
    backend = await inProduction(() =>
      startPlugin({ llm: { templateFallback: true } }),
    );
    const res = await request(backend.server)
      .get(`${api}/v1/router/providers`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body.providers.map((p: { id: string }) => p.id)).toEqual([
      'template',
      'local-embedder',
    ]);
  });

  it('serves the gateway from a model server found on a discovery port', async () => {
    ollama = await startLoopbackServer(
      { type: 'json', body: ollamaModels },
      { type: 'json', body: ollamaText },
    );
    backend = await startPlugin({
      llm: {
        localDiscovery: {
          enabled: true,
          ports: [await freePort(), Number(new URL(ollama.url).port)],
        },
      },
    });

    const messages = [
      { role: 'user', content: 'Write fibonacci(n) in Python' },
    ];
    const res = await request(backend.server)
      .post(`${api}/v1/chat/completions`)
      .set('Authorization', user)
      .send({ model: 'default', messages });

    expect(res.status).toBe(200);
    expect(res.body.choices[0].message.content).toBe(
      ollamaText.choices[0].message.content,
    );
    expect(ollama.calls[1]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'qwen2.5-coder:7b', messages },
    });
  });
});

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
