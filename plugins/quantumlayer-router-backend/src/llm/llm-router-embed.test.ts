import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  LoopbackReply,
  LoopbackServer,
  startLoopbackServer,
  waitUntil,
} from '@internal/quantumlayer-test-utils';
import { MemoryBreaker } from './breaker/memory-breaker';
import { LlmRouter } from './llm-router';
import { ModelRoutes } from './model-routes';
import { PriceTable } from './prices';
import { createOpenAiCompatibleProviderFromConfig } from './providers/openai-compatible/index';
import { LocalEmbedderProvider } from './providers/local-embedder/index';
import {
  hashEmbedding,
  NoTargetAvailableError,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { UsageEntry, UsageLedger } from './usage/usage-ledger';
import embeddingsAnswer from './providers/openai/__fixtures__/openai-embeddings.json';

const unavailable: LoopbackReply = {
  type: 'json',
  status: 503,
  body: { error: { message: 'upstream overloaded', type: 'server_error' } },
};

const cosine = (a: number[], b: number[]) =>
  a.reduce((sum, v, i) => sum + v * b[i], 0);

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()));
});

async function upstream(...replies: LoopbackReply[]) {
  const server = await startLoopbackServer(...replies);
  servers.push(server);
  return server;
}

/** Providers `a` and `b` (chat `m1`, embeddings `e1`) on loopback servers, plus the local embedder. */
function routerFor(a: LoopbackServer, b: LoopbackServer) {
  const providers = [
    ...Object.entries({ a, b }).map(([id, server]) =>
      createOpenAiCompatibleProviderFromConfig(
        new ConfigReader({
          id,
          baseUrl: `${server.url}/v1`,
          models: ['m1'],
          embeddingModels: ['e1'],
        }),
      ),
    ),
    new LocalEmbedderProvider(),
  ];
  const config = new ConfigReader({
    quantumlayer: {
      router: {
        models: [
          {
            alias: 'embed',
            targets: [
              { provider: 'a', model: 'e1' },
              { provider: 'b', model: 'e1' },
            ],
          },
          { alias: 'smart', targets: [{ provider: 'a', model: 'm1' }] },
        ],
        prices: [{ provider: 'b', model: 'e1', input: 0.02, output: 0 }],
      },
    },
  });
  const entries: UsageEntry[] = [];
  const router = new LlmRouter({
    providers,
    routes: ModelRoutes.fromConfig(config, providers),
    prices: PriceTable.fromConfig(config),
    retry: { maxRetries: 1, baseDelayMs: 5, deadlineMs: 30_000 },
    breaker: new MemoryBreaker({
      windowMs: 60_000,
      minimumCalls: 3,
      failureRate: 0.5,
      cooldownMs: 60_000,
    }),
    ledger: {
      record: (entry: UsageEntry) => entries.push(entry),
    } as unknown as UsageLedger,
  });
  return { router, entries };
}

describe('LlmRouter.embed', () => {
  it('embeds offline through local-embedder/hash-256: deterministic, similar texts closer', async () => {
    const { router, entries } = routerFor(
      await upstream(unavailable),
      await upstream(unavailable),
    );
    const texts = [
      'function that counts words in a text',
      'a function counting the words of a text',
      'http server with a health endpoint',
    ];
    const result = await router.embed(
      { model: 'local-embedder/hash-256', input: texts },
      { caller: 'user:default/jane' },
    );
    expect(result.embeddings).toEqual(texts.map(t => hashEmbedding(t)));
    expect(result.embeddings[0]).toHaveLength(256);
    const [words, counting, http] = result.embeddings;
    expect(cosine(words, counting)).toBeGreaterThan(cosine(words, http) + 0.2);
    expect(result.route).toMatchObject({
      alias: 'local-embedder/hash-256',
      provider: 'local-embedder',
      model: 'hash-256',
      cached: false,
      costUsd: 0,
    });
    // The ledger row is written once the answer has gone out.
    await waitUntil(() => entries.length > 0, 'the ledger row');
    expect(entries).toEqual([
      expect.objectContaining({
        caller: 'user:default/jane',
        alias: 'local-embedder/hash-256',
        provider: 'local-embedder',
        promptTokens: result.usage.promptTokens,
        completionTokens: 0,
        outcome: 'ok',
        stream: false,
      }),
    ]);
  });

  it('retries, then falls back to the next target, pricing the input tokens', async () => {
    const a = await upstream(unavailable);
    const b = await upstream({ type: 'json', body: embeddingsAnswer });
    const { router } = routerFor(a, b);
    const result = await router.embed({ model: 'embed', input: ['x', 'y'] });
    expect(result.embeddings).toEqual(
      embeddingsAnswer.data.map(d => d.embedding),
    );
    expect(a.calls).toHaveLength(2);
    expect(b.calls[0].path).toBe('/v1/embeddings');
    expect(b.calls[0].body).toEqual({
      model: 'e1',
      input: ['x', 'y'],
      encoding_format: 'float',
    });
    expect(result.route).toMatchObject({
      alias: 'embed',
      provider: 'b',
      attempts: [
        { provider: 'a', model: 'e1', outcome: 'error', status: 503 },
        { provider: 'a', model: 'e1', outcome: 'error', status: 503 },
        { provider: 'b', model: 'e1', outcome: 'ok' },
      ],
    });
    expect(result.route.costUsd).toBeCloseTo((8 * 0.02) / 1e6, 12);
  });

  it('says which aliases can embed when asked for a chat-only one', async () => {
    const { router } = routerFor(
      await upstream(unavailable),
      await upstream(unavailable),
    );
    const error = await router
      .embed({ model: 'smart', input: ['x'] })
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'model "smart" has no target that serves embeddings; use one of embed, a/e1, b/e1, local-embedder/hash-256',
    );
    await expect(router.embed({ model: 'nope', input: ['x'] })).rejects.toThrow(
      'model "nope" is not routed here',
    );
  });

  it('keeps embedding-only providers out of the default chat route', async () => {
    const { router } = routerFor(
      await upstream(unavailable),
      await upstream(unavailable),
    );
    expect(router.routes.resolve(undefined).targets).toEqual([
      { provider: 'a', model: 'm1', weight: 1 },
      { provider: 'b', model: 'm1', weight: 1 },
    ]);
    await expect(new LocalEmbedderProvider().complete()).rejects.toThrow(
      'local-embedder serves embeddings only',
    );
  });

  it('fails with every attempt when no target answers', async () => {
    const { router, entries } = routerFor(
      await upstream(unavailable),
      await upstream(unavailable),
    );
    const error = await router
      .embed({ model: 'embed', input: ['x'] }, { caller: 'service:ci' })
      .catch(e => e);
    expect(error).toBeInstanceOf(NoTargetAvailableError);
    expect(error.status).toBe(502);
    await waitUntil(() => entries.length > 0, 'the ledger row');
    expect(entries[entries.length - 1]).toMatchObject({
      caller: 'service:ci',
      outcome: 'error',
      attempts: 4,
    });
  });
});
