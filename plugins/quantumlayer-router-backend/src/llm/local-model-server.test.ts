import {
  freePort,
  LoopbackServer,
  startLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import { discoverLocalModelServer } from './local-model-server';
import ollamaModels from './providers/openai-compatible/__fixtures__/ollama-models.json';

const portOf = (server: LoopbackServer) => Number(new URL(server.url).port);

describe('discoverLocalModelServer', () => {
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(s => s.close()));
  });
  const serve = async (...replies: Parameters<LoopbackServer['reply']>) => {
    const server = await startLoopbackServer(...replies);
    servers.push(server);
    return server;
  };

  it('finds an Ollama-like server by its GET /v1/models and skips ports where nothing listens', async () => {
    const closed = await freePort();
    const ollama = await serve({ type: 'json', body: ollamaModels });

    const found = await discoverLocalModelServer({
      ports: [closed, portOf(ollama)],
      timeoutMs: 300,
    });

    expect(ollama.calls).toEqual([
      expect.objectContaining({ method: 'GET', path: '/v1/models' }),
    ]);
    expect(found).toEqual({
      baseUrl: `${ollama.url}/v1`,
      port: portOf(ollama),
      name: undefined,
      models: ['qwen2.5-coder:7b'],
    });
  });

  it('takes the first port in list order that lists a model, not the first to answer', async () => {
    const empty = await serve({
      type: 'json',
      body: { object: 'list', data: [] },
    });
    const notOpenAi = await serve({ type: 'json', body: { models: ['x'] } });
    const failing = await serve({ type: 'json', status: 500, body: {} });
    const second = await serve({
      type: 'json',
      body: {
        object: 'list',
        data: [{ id: 'nomic-embed-text' }, { id: 'llama3.2' }],
      },
    });
    const third = await serve({ type: 'json', body: ollamaModels });

    const found = await discoverLocalModelServer({
      ports: [empty, notOpenAi, failing, second, third].map(portOf),
      timeoutMs: 300,
    });

    // Chat models first: the default of the route must be able to chat.
    expect(found).toMatchObject({
      port: portOf(second),
      models: ['llama3.2', 'nomic-embed-text'],
    });
  });

  it('gives up on a port that does not answer within timeoutMs', async () => {
    const started = Date.now();
    const slow: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () =>
          reject(init.signal!.reason),
        ),
      );

    const found = await discoverLocalModelServer(
      { ports: [11434], timeoutMs: 100 },
      slow,
    );

    expect(found).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('names the servers usually found on the default ports', async () => {
    const answers: typeof fetch = async input =>
      String(input).includes(':11434/')
        ? new Response(JSON.stringify(ollamaModels))
        : Promise.reject(new TypeError('fetch failed'));

    const found = await discoverLocalModelServer(
      { ports: [1234, 11434], timeoutMs: 300 },
      answers,
    );

    expect(found).toEqual({
      baseUrl: 'http://127.0.0.1:11434/v1',
      port: 11434,
      name: 'Ollama',
      models: ['qwen2.5-coder:7b'],
    });
  });
});
