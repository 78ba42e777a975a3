import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  freePort,
  LoopbackServer,
  startLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import { createLlmRouter, LlmRouterRuntime } from './create-llm-router';
import { testStandIn } from '../__testUtils__/stand-in';
import ollamaModels from './providers/openai-compatible/__fixtures__/ollama-models.json';
import ollamaText from './providers/openai-compatible/__fixtures__/ollama-text.json';
import { templateTaskMetadata } from '@internal/backstage-plugin-quantumlayer-common';

const DEVELOPMENT = { NODE_ENV: 'development' };
const PRODUCTION = { NODE_ENV: 'production' };

/** What the coder agent sends: a structured task the template can read. */
const codeTask = {
  messages: [
    {
      role: 'user' as const,
      content:
        'Write a Python function fibonacci(n) that returns the n-th Fibonacci number',
    },
  ],
  temperature: 0.2,
  metadata: templateTaskMetadata({
    kind: 'code' as const,
    language: 'python',
    type: 'function',
    projectName: 'fibo',
    prompt:
      'Write a Python function fibonacci(n) that returns the n-th Fibonacci number',
  }),
};

describe('createLlmRouter with no provider configured', () => {
  const runtimes: LlmRouterRuntime[] = [];
  let ollama: LoopbackServer | undefined;
  afterEach(async () => {
    await Promise.all(runtimes.splice(0).map(r => r.stop()));
    await ollama?.close();
    ollama = undefined;
  });

  async function start(
    llm: object,
    env: NodeJS.ProcessEnv,
    extraProviders?: LlmProvider[],
    standIns: LlmProvider[] = [testStandIn],
  ) {
    const logger = mockServices.logger.mock();
    const runtime = await createLlmRouter({
      config: new ConfigReader({ quantumlayer: { llm } }),
      logger,
      env,
      extraProviders,
      standIns,
    });
    runtimes.push(runtime);
    return { router: runtime.router, logger };
  }

  it('routes the default alias to a model server found on loopback, which answers', async () => {
    ollama = await startLoopbackServer(
      { type: 'json', body: ollamaModels },
      { type: 'json', body: ollamaText },
    );
    const port = Number(new URL(ollama.url).port);
    const { router, logger } = await start(
      { localDiscovery: { ports: [await freePort(), port] } },
      DEVELOPMENT,
    );

    const answer = await router.complete(codeTask);

    expect(ollama.calls.map(c => `${c.method} ${c.path}`)).toEqual([
      'GET /v1/models',
      'POST /v1/chat/completions',
    ]);
    expect(ollama.calls[1].body).toEqual({
      model: 'qwen2.5-coder:7b',
      messages: codeTask.messages,
      temperature: 0.2,
    });
    expect(answer).toMatchObject({
      text: ollamaText.choices[0].message.content,
      provider: 'local',
      model: 'qwen2.5-coder:7b',
      usage: { promptTokens: 31, completionTokens: 40 },
      route: { alias: 'default', provider: 'local' },
    });
    expect((await router.status()).providers.map(p => p.id)).not.toContain(
      'template',
    );
    expect(logger.info).toHaveBeenCalledWith(
      `LLM: no provider configured; using the local model server at ${ollama.url}/v1, model qwen2.5-coder:7b`,
    );
  });

  it('falls back to the offline stand-in a module added, with a warning, when nothing listens on the ports', async () => {
    const closed = await freePort();
    const { router, logger } = await start(
      { localDiscovery: { ports: [closed] } },
      DEVELOPMENT,
    );

    const answer = await router.complete(codeTask);

    expect(answer.provider).toBe('stand-in');
    expect(answer.text).toBe('offline stand-in answer');
    expect(logger.warn).toHaveBeenCalledWith(
      `LLM: no provider configured and no local model server answered on 127.0.0.1 ports ${closed}; the offline stand-in (provider stand-in) answers. It does not implement prompts (runs say offlineTemplate: true); configure quantumlayer.llm.providers`,
    );
  });

  it('does not look for a model server under NODE_ENV=test unless enabled', async () => {
    ollama = await startLoopbackServer({ type: 'json', body: ollamaModels });
    const port = Number(new URL(ollama.url).port);
    const { router } = await start(
      { localDiscovery: { ports: [port] } },
      { NODE_ENV: 'test' },
    );

    expect((await router.complete(codeTask)).provider).toBe('stand-in');
    expect(ollama.calls).toEqual([]);
  });

  it('refuses in production, naming quantumlayer.llm.providers, without probing loopback', async () => {
    ollama = await startLoopbackServer({ type: 'json', body: ollamaModels });
    const port = Number(new URL(ollama.url).port);

    await expect(
      start({ localDiscovery: { ports: [port] } }, PRODUCTION),
    ).rejects.toThrow(
      'No LLM provider is configured (quantumlayer.llm.providers is empty), and NODE_ENV is production: QuantumLayer will not generate code or serve the LLM gateway with the offline template provider, which does not implement prompts. Configure a provider under quantumlayer.llm.providers, or set quantumlayer.llm.templateFallback: true to serve offline template answers on purpose.',
    );
    expect(ollama.calls).toEqual([]);
  });

  it('uses a model server in production only when discovery is enabled there', async () => {
    ollama = await startLoopbackServer({ type: 'json', body: ollamaModels });
    const port = Number(new URL(ollama.url).port);
    const { router } = await start(
      { localDiscovery: { enabled: true, ports: [port] } },
      PRODUCTION,
    );
    expect((await router.status()).providers.map(p => p.id)).toEqual([
      'local',
      'local-embedder',
    ]);
  });

  it('names the ports it tried when production discovery finds nothing', async () => {
    const closed = await freePort();
    await expect(
      start({ localDiscovery: { enabled: true, ports: [closed] } }, PRODUCTION),
    ).rejects.toThrow(
      `(quantumlayer.llm.providers is empty) and no local model server answered on 127.0.0.1 ports ${closed}, and NODE_ENV is production`,
    );
  });

  it('serves the stand-in in production when templateFallback: true is set on purpose', async () => {
    const { router, logger } = await start(
      { templateFallback: true },
      PRODUCTION,
    );
    expect((await router.complete(codeTask)).provider).toBe('stand-in');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('quantumlayer.llm.templateFallback is true'),
    );
  });

  it('refuses in development too when templateFallback is false', async () => {
    await expect(
      start(
        { templateFallback: false, localDiscovery: { enabled: false } },
        DEVELOPMENT,
      ),
    ).rejects.toThrow(
      '(quantumlayer.llm.providers is empty), and quantumlayer.llm.templateFallback is false',
    );
  });

  it('refuses when it would fall back and no module added a stand-in, naming the module to add', async () => {
    await expect(
      start({ localDiscovery: { enabled: false } }, DEVELOPMENT, [], []),
    ).rejects.toThrow(
      "No LLM provider is configured (quantumlayer.llm.providers is empty) and no offline stand-in is installed: configure a provider under quantumlayer.llm.providers, or add the code-generation plugin's offline template module (quantumlayerOfflineTemplateModule from '@internal/backstage-plugin-quantumlayer-backend').",
    );
    await expect(
      start({ templateFallback: true }, PRODUCTION, [], []),
    ).rejects.toThrow(
      'quantumlayer.llm.templateFallback is true, but no offline stand-in is installed',
    );
  });

  it('keeps stand-ins out of the routes while a provider is configured, unless templateFallback: true', async () => {
    const provider = {
      type: 'openai-compatible',
      id: 'vllm',
      baseUrl: 'http://127.0.0.1:1/v1',
      models: ['m1'],
    };
    const ids = async (llm: object) => {
      const { router } = await start(llm, PRODUCTION);
      return (await router.status()).providers.map(p => p.id);
    };
    expect(await ids({ providers: [provider] })).toEqual([
      'vllm',
      'local-embedder',
    ]);
    expect(
      await ids({ providers: [provider], templateFallback: true }),
    ).toEqual(['vllm', 'stand-in', 'local-embedder']);
  });

  it('refuses a configured provider with the id of a stand-in', async () => {
    await expect(
      start(
        {
          providers: [
            {
              type: 'openai-compatible',
              id: 'stand-in',
              baseUrl: 'http://127.0.0.1:1/v1',
            },
          ],
        },
        DEVELOPMENT,
      ),
    ).rejects.toThrow(
      'quantumlayer.llm.providers: id "stand-in" is the id of an offline stand-in a module added; choose another id',
    );
  });

  it('counts providers added by modules as configured', async () => {
    const module: LlmProvider = {
      id: 'module-llm',
      models: ['m1'],
      complete: async () => ({
        text: 'hi',
        provider: 'module-llm',
        model: 'm1',
        usage: { promptTokens: 1, completionTokens: 1 },
        finishReason: 'stop',
      }),
    };
    const { router } = await start({}, PRODUCTION, [module]);
    expect((await router.status()).providers.map(p => p.id)).toEqual([
      'module-llm',
      'local-embedder',
    ]);
  });

  it('keeps the id template for the offline provider', async () => {
    await expect(
      start(
        {
          providers: [
            {
              type: 'openai-compatible',
              id: 'template',
              baseUrl: 'http://127.0.0.1:1/v1',
            },
          ],
        },
        DEVELOPMENT,
      ),
    ).rejects.toThrow(
      'quantumlayer.llm.providers: id "template" is reserved for the offline template provider',
    );
  });
});
