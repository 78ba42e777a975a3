import { mockServices } from '@backstage/backend-test-utils';
import { useLoopbackServer } from '@internal/quantumlayer-test-utils';
import { LlmRouter } from '../llm-router';
import { LocalEmbedderProvider } from '../providers/local-embedder/index';
import {
  RemoteLlmRouter,
  retrievalEmbedder,
} from '@internal/backstage-plugin-quantumlayer-router-node';

const texts = ['a python function that adds numbers', 'a go http server'];

describe('retrievalEmbedder', () => {
  // Stands in for the router role: every RPC it gets is recorded.
  const routerRole = useLoopbackServer();
  const remote = new RemoteLlmRouter({
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => `${routerRole.url}/api/quantumlayer`,
    }),
    auth: mockServices.auth({ pluginId: 'quantumlayer' }),
  });
  const inProcess = new LlmRouter({ providers: [new LocalEmbedderProvider()] });
  const routerVectors = async (model: string) =>
    (await inProcess.embed({ model, input: texts })).embeddings;

  it('computes the default hash embedding itself beside a remote router: same vectors, no RPC', async () => {
    const embedder = retrievalEmbedder(
      () => remote,
      { model: 'local-embedder/hash-256' },
      { routerIsRemote: true },
    );
    const vectors = await embedder.embed(texts);
    expect(vectors).toEqual(await routerVectors('local-embedder/hash-256'));
    expect(vectors[0]).toHaveLength(256);
    expect(routerRole.calls).toHaveLength(0);
  });

  it('asks the remote router for any other model or size, with the retrieval caller', async () => {
    const { embeddings } = await new LocalEmbedderProvider().embed({
      model: 'hash-64',
      input: texts,
    });
    routerRole.reply({
      type: 'json',
      body: {
        embeddings,
        provider: 'local-embedder',
        model: 'hash-64',
        usage: { promptTokens: 16 },
        route: {
          alias: 'local-embedder/hash-64',
          provider: 'local-embedder',
          model: 'hash-64',
          attempts: [],
          costUsd: 0,
          cached: false,
          latencyMs: 1,
        },
      },
    });
    const embedder = retrievalEmbedder(
      () => remote,
      { model: 'local-embedder/hash-64' },
      {
        routerIsRemote: true,
        ctx: { caller: 'plugin:quantumlayer/retrieval' },
      },
    );
    expect(await embedder.embed(texts)).toEqual(embeddings);
    expect(routerRole.calls).toHaveLength(1);
    expect(routerRole.calls[0].path).toBe('/api/quantumlayer/v1/router/embed');
    expect(routerRole.calls[0].body).toMatchObject({
      request: { model: 'local-embedder/hash-64', input: texts },
      context: { caller: 'plugin:quantumlayer/retrieval' },
    });
  });

  it('asks the remote router when the hash embedder is asked for another size', async () => {
    routerRole.reply({
      type: 'json',
      status: 400,
      body: { error: { name: 'InputError', message: 'no such size' } },
    });
    const embedder = retrievalEmbedder(
      () => remote,
      { model: 'local-embedder/hash-256', dimensions: 32 },
      { routerIsRemote: true },
    );
    await expect(embedder.embed(texts)).rejects.toThrow();
    expect(routerRole.calls[0].body).toMatchObject({
      request: { model: 'local-embedder/hash-256', dimensions: 32 },
    });
  });

  it('embeds through the in-process router when it runs here', async () => {
    const embedder = retrievalEmbedder(
      () => inProcess,
      { model: 'local-embedder/hash-256', dimensions: 32 },
      { routerIsRemote: false },
    );
    const vectors = await embedder.embed(texts);
    expect(vectors[0]).toHaveLength(32);
    expect(vectors).toEqual(
      (
        await inProcess.embed({
          model: 'local-embedder/hash-256',
          input: texts,
          dimensions: 32,
        })
      ).embeddings,
    );
  });
});
