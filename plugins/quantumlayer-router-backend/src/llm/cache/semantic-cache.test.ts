import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { LlmCompletionRequest } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  LoopbackServer,
  startLoopbackServer,
  waitUntil,
} from '@internal/quantumlayer-test-utils';
import { EmbeddedVectorStore } from '@internal/backstage-plugin-quantumlayer-node';
import { RouterEmbedder } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { VectorStore } from '@internal/backstage-plugin-quantumlayer-node';
import { createLlmRouter } from '../create-llm-router';
import { LlmRouter } from '../llm-router';
import { ModelRoutes } from '../model-routes';
import { createOpenAiCompatibleProviderFromConfig } from '../providers/openai-compatible/index';
import { LocalEmbedderProvider } from '../providers/local-embedder/index';
import textAnswer from '../providers/openai/__fixtures__/openai-text.json';
import { VectorSemanticCache } from './semantic-cache';

const ask = (
  content: string,
  extra: Partial<LlmCompletionRequest> = {},
): LlmCompletionRequest => ({
  model: 'smart',
  messages: [
    { role: 'system', content: 'You write small, correct programs.' },
    { role: 'user', content },
  ],
  ...extra,
});

const PROMPT = 'Write a Python function that counts the words in a text file.';

describe('semantic cache on the embedded vector store', () => {
  let upstream: LoopbackServer;
  let store: VectorStore;
  let clock: number;

  beforeEach(async () => {
    upstream = await startLoopbackServer({ type: 'json', body: textAnswer });
    store = EmbeddedVectorStore.open(':memory:');
    clock = Date.parse('2026-11-23T12:00:00Z');
  });
  afterEach(async () => {
    await upstream.close();
    await store.close();
  });

  /** A router whose semantic cache embeds through the router itself (local embedder). */
  function routerWith(settings = { minScore: 0.95, ttlSeconds: 60 }) {
    const providers = [
      createOpenAiCompatibleProviderFromConfig(
        new ConfigReader({
          id: 'local',
          baseUrl: `${upstream.url}/v1`,
          models: ['m1'],
        }),
      ),
      new LocalEmbedderProvider(),
    ];
    const config = new ConfigReader({
      quantumlayer: {
        router: {
          models: [
            { alias: 'smart', targets: [{ provider: 'local', model: 'm1' }] },
            { alias: 'other', targets: [{ provider: 'local', model: 'm1' }] },
          ],
        },
      },
    });
    const router: LlmRouter = new LlmRouter({
      providers,
      routes: ModelRoutes.fromConfig(config, providers),
      semanticCache: new VectorSemanticCache({
        store,
        embedder: new RouterEmbedder(() => router, 'local-embedder/hash-256'),
        settings,
        now: () => clock,
      }),
    });
    return router;
  }

  /** remember() runs after the answer is returned; wait until it is stored. */
  const stored = (n: number) =>
    waitUntil(
      async () => (await store.count('prompts')) === n,
      `${n} prompts in the store`,
    );

  it('answers a near-identical prompt from the cache and a different one from the model', async () => {
    const router = routerWith();
    const first = await router.complete(ask(PROMPT));
    expect(first.route.cached).toBe(false);
    expect(upstream.calls).toHaveLength(1);
    await stored(1);

    const near = await router.complete(
      ask(
        'Write a Python function that counts the words in a text file, please.',
      ),
    );
    expect(near.route.cached).toBe(true);
    expect(near.text).toBe(first.text);
    expect(near.provider).toBe('local');
    expect(upstream.calls).toHaveLength(1);

    const other = await router.complete(
      ask('Start an HTTP server in Go with a health endpoint.'),
    );
    expect(other.route.cached).toBe(false);
    expect(upstream.calls).toHaveLength(2);
    expect(upstream.calls[1].body.messages[1].content).toBe(
      'Start an HTTP server in Go with a health endpoint.',
    );

    // Same words, other language: below the default 0.95.
    const go = await router.complete(
      ask('Write a Go function that counts the words in a text file.'),
    );
    expect(go.route.cached).toBe(false);
    expect(upstream.calls).toHaveLength(3);
  });

  it('shares answers only within one alias and one request shape', async () => {
    const router = routerWith();
    await router.complete(ask(PROMPT));
    await stored(1);
    for (const request of [
      ask(PROMPT, { model: 'other' }),
      ask(PROMPT, { temperature: 0.9 }),
      ask(PROMPT, { responseFormat: 'json' }),
      {
        ...ask(PROMPT),
        messages: [
          { role: 'system' as const, content: 'You write Go only.' },
          { role: 'user' as const, content: PROMPT },
        ],
      },
    ]) {
      const before = upstream.calls.length;
      const result = await router.complete(request);
      expect(result.route.cached).toBe(false);
      expect(upstream.calls).toHaveLength(before + 1);
    }
  });

  it("never answers one caller's similar prompt with another caller's answer (finding 9)", async () => {
    const router = routerWith();
    const jane = { caller: 'user:default/jane' };
    const joe = { caller: 'user:default/joe' };
    await router.complete(ask(PROMPT), jane);
    await stored(1);
    const near = ask(`${PROMPT} `);
    const other = await router.complete(near, joe);
    expect(other.route.cached).toBe(false);
    expect(upstream.calls).toHaveLength(2);
    await stored(2);
    // Each caller is still served their own answers.
    expect((await router.complete(near, jane)).route.cached).toBe(true);
    expect((await router.complete(ask(`${PROMPT}  `), joe)).route.cached).toBe(
      true,
    );
    expect(upstream.calls).toHaveLength(2);
  });

  it('stops serving an answer after ttlSeconds and deletes it', async () => {
    const router = routerWith({ minScore: 0.95, ttlSeconds: 60 });
    await router.complete(ask(PROMPT));
    await stored(1);
    clock += 30_000;
    expect((await router.complete(ask(`${PROMPT} `))).route.cached).toBe(true);
    clock += 31_000;
    const late = await router.complete(ask(`${PROMPT}  `));
    expect(late.route.cached).toBe(false);
    expect(upstream.calls).toHaveLength(2);
    // The expired entry is gone; the fresh answer was stored in its place.
    await stored(1);
    const [entry] = await store.search(
      'prompts',
      (
        await new RouterEmbedder(() => router, 'local-embedder/hash-256').embed(
          [PROMPT],
        )
      )[0],
    );
    expect(Number(entry.payload.expiresAt)).toBe(clock + 60_000);
  });

  it('lets callers opt out, and treats a failing store as a miss', async () => {
    const router = routerWith();
    await router.complete(ask(PROMPT));
    await stored(1);
    const skipped = await router.complete(ask(`${PROMPT} `), { cache: false });
    expect(skipped.route.cached).toBe(false);
    expect(upstream.calls).toHaveLength(2);

    await store.close();
    const down = await router.complete(ask(`${PROMPT}  `));
    expect(down.route.cached).toBe(false);
    expect(down.text).toBe(textAnswer.choices[0].message.content);
  });
});

describe('createLlmRouter with quantumlayer.router.semanticCache', () => {
  it('wires the cache on the given store with the embeddings alias', async () => {
    const upstream = await startLoopbackServer({
      type: 'json',
      body: textAnswer,
    });
    const store = EmbeddedVectorStore.open(':memory:');
    try {
      const runtime = await createLlmRouter({
        config: new ConfigReader({
          quantumlayer: {
            llm: {
              providers: [
                {
                  type: 'openai-compatible',
                  id: 'local',
                  baseUrl: `${upstream.url}/v1`,
                  models: ['m1'],
                },
              ],
            },
            router: {
              cache: { enabled: false },
              semanticCache: { enabled: true, minScore: 0.9 },
            },
          },
        }),
        logger: mockServices.logger.mock(),
        vectorStore: store,
      });
      await runtime.router.complete(ask(PROMPT, { model: 'default' }));
      await waitUntil(
        async () => (await store.count('prompts')) === 1,
        'the prompt to be stored',
      );
      const again = await runtime.router.complete(
        ask(`${PROMPT} `, { model: 'default' }),
      );
      expect(again.route.cached).toBe(true);
      expect(upstream.calls).toHaveLength(1);
      await runtime.stop();
    } finally {
      await upstream.close();
      await store.close();
    }
  });

  it('refuses an embeddings model that cannot embed, at start', async () => {
    await expect(
      createLlmRouter({
        config: new ConfigReader({
          quantumlayer: {
            router: { semanticCache: { enabled: true } },
            embeddings: { model: 'default' },
          },
        }),
        logger: mockServices.logger.mock(),
        vectorStore: EmbeddedVectorStore.open(':memory:'),
        // No provider: the alias default routes to an offline stand-in,
        // which answers chat only.
        standIns: [
          {
            id: 'stand-in',
            complete: async () => {
              throw new Error('not called');
            },
          },
        ],
      }),
    ).rejects.toThrow(
      'quantumlayer.router.semanticCache.embeddingModel "default" is not an alias with an embedding target; use one of local-embedder/hash-256',
    );
  });
});
