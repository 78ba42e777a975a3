import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  catalogWithMockUser,
  freePort,
  LoopbackServer,
  startLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import ollamaModels from './llm/providers/openai-compatible/__fixtures__/ollama-models.json';
import ollamaText from './llm/providers/openai-compatible/__fixtures__/ollama-text.json';
import {
  type BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { quantumlayerLlmProvidersExtensionPoint } from '@internal/backstage-plugin-quantumlayer-router-node';
import quantumlayerRouterFeatures, { quantumlayerRouterPlugin } from './index';
import { testStandIn } from './__testUtils__/stand-in';

jest.setTimeout(120_000);

const routerApi = '/api/quantumlayer-router';
const user = mockCredentials.user.header();
type TestBackend = Awaited<ReturnType<typeof startTestBackend>>;

/** An offline stand-in a module adds (the codegen package's template is the real one). */
const standInModule = createBackendModule({
  pluginId: 'quantumlayer-router',
  moduleId: 'test-stand-in',
  register(env) {
    env.registerInit({
      deps: { providers: quantumlayerLlmProvidersExtensionPoint },
      async init({ providers }) {
        providers.addStandIn(testStandIn);
      },
    });
  },
});

/** The router plugin with `quantumlayer` config, and `features` (modules). */
function startPlugin(quantumlayer: object, features: BackendFeature[] = []) {
  return startTestBackend({
    features: [
      ...(features.length
        ? [quantumlayerRouterPlugin, ...features]
        : [quantumlayerRouterFeatures]),
      catalogWithMockUser('codegen'),
      mockServices.rootConfig.factory({
        data: {
          quantumlayer: {
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

  it('starts in production with templateFallback: true, the stand-in a module added routed', async () => {
    backend = await inProduction(() =>
      startPlugin({ llm: { templateFallback: true } }, [standInModule]),
    );
    const res = await request(backend.server)
      .get(`${routerApi}/v1/router/providers`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body.providers.map((p: { id: string }) => p.id)).toEqual([
      'stand-in',
      'local-embedder',
    ]);
  });

  it('refuses to start with templateFallback: true when no module added a stand-in', async () => {
    await expect(
      startPlugin({ llm: { templateFallback: true } }),
    ).rejects.toThrow(
      /quantumlayer\.llm\.templateFallback is true, but no offline stand-in is installed: add the code-generation plugin's offline template module \(quantumlayerOfflineTemplateModule/,
    );
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
      .post(`${routerApi}/v1/chat/completions`)
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
