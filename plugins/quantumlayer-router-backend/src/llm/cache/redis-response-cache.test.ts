import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  LoopbackServer,
  startLoopbackServer,
  waitUntil,
} from '@internal/quantumlayer-test-utils';
import { API_KEY } from '../../__testUtils__/openai-provider-setup';
import { TEST_REDIS_URL, testRedisConnection } from '../../__testUtils__/redis';
import { createLlmRouter, LlmRouterRuntime } from '../create-llm-router';
import type { RedisConnection } from '../redis/redis-connection';
import textAnswer from '../providers/openai/__fixtures__/openai-text.json';

const ANSWER = textAnswer.choices[0].message.content;
const jane = { caller: 'user:default/jane' };
const ask = (content: string) => ({
  model: 'coder',
  messages: [{ role: 'user' as const, content }],
});

const runtimes: LlmRouterRuntime[] = [];
let upstream: LoopbackServer;
/** This test's own connection; its fresh key prefix is the routers' too. */
let connection: RedisConnection;
let inspect: RedisConnection['client'];
let prefix: string;

beforeEach(async () => {
  upstream = await startLoopbackServer({ type: 'json', body: textAnswer });
  connection = await testRedisConnection();
  inspect = connection.client;
  prefix = connection.prefix;
});

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map(r => r.stop()));
  await upstream.close();
  const keys = await inspect.keys(`${prefix}*`);
  if (keys.length) await inspect.del(...keys);
  await connection.close();
});

/**
 * A router built from config as the backend builds it: an `openai` provider
 * (the official SDK) on the loopback server, and `quantumlayer.router.redis`
 * under this test's key prefix, so the response cache is RedisResponseCache.
 */
async function redisRouter(ttlSeconds?: number) {
  const runtime = await createLlmRouter({
    config: new ConfigReader({
      quantumlayer: {
        llm: {
          providers: [
            {
              type: 'openai',
              id: 'up',
              apiKey: API_KEY,
              baseUrl: `${upstream.url}/v1`,
              models: ['m1'],
            },
          ],
        },
        router: {
          redis: { url: TEST_REDIS_URL, keyPrefix: prefix },
          cache: ttlSeconds === undefined ? {} : { ttlSeconds },
          models: [
            { alias: 'coder', targets: [{ provider: 'up', model: 'm1' }] },
          ],
        },
      },
    }),
    logger: mockServices.logger.mock(),
    env: { NODE_ENV: 'test' },
  });
  runtimes.push(runtime);
  await waitUntil(() => runtime.redis!.ready, 'the router to reach Redis');
  return runtime.router;
}

/** The response-cache entries in Redis under this test's prefix. */
function cacheKeys() {
  return inspect.keys(`${prefix}cache:*`);
}

/** The cache write is off the hot path: wait until `n` entries are stored. */
function entriesStored(n: number, timeoutMs?: number) {
  return waitUntil(
    async () => (await cacheKeys()).length >= n,
    `${n} response cache entries in Redis`,
    timeoutMs,
  );
}

describe('RedisResponseCache behind the router', () => {
  it('answers a repeated request from Redis without calling the upstream again', async () => {
    const router = await redisRouter();

    const first = await router.complete(ask('Count the words'), jane);
    expect(first).toMatchObject({ text: ANSWER, route: { cached: false } });
    await entriesStored(1);
    const [key] = await cacheKeys();
    const stored = JSON.parse((await inspect.get(key))!);
    expect(stored).toMatchObject({ text: ANSWER, finishReason: 'stop' });
    // The default TTL: an hour.
    expect(await inspect.ttl(key)).toBeGreaterThan(3590);

    const second = await router.complete(ask('Count the words'), jane);
    expect(second).toMatchObject({
      text: ANSWER,
      usage: first.usage,
      route: { cached: true, attempts: [], costUsd: 0 },
    });
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0].body).toMatchObject({
      model: 'm1',
      messages: [{ role: 'user', content: 'Count the words' }],
    });
  });

  it('calls the upstream again once the entry has expired', async () => {
    const router = await redisRouter(1);

    await router.complete(ask('Count the words'), jane);
    await entriesStored(1);
    const [key] = await cacheKeys();
    const ttlMs = await inspect.pttl(key);
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(1000);
    expect(
      (await router.complete(ask('Count the words'), jane)).route.cached,
    ).toBe(true);
    expect(upstream.calls).toHaveLength(1);

    // Redis drops the entry after its TTL (polled, bounded by waitUntil).
    await waitUntil(
      async () => (await inspect.exists(key)) === 0,
      'the cache entry to expire',
      5000,
    );
    const after = await router.complete(ask('Count the words'), jane);
    expect(after).toMatchObject({ text: ANSWER, route: { cached: false } });
    expect(upstream.calls).toHaveLength(2);
    // The fresh answer is stored again.
    await entriesStored(1);
  });

  it('stores entries whose TTL has a fraction of a second (ttlSeconds 0.5)', async () => {
    const router = await redisRouter(0.5);

    await router.complete(ask('Count the words'), jane);
    await entriesStored(1, 3000);
    const [key] = await cacheKeys();
    const ttlMs = await inspect.pttl(key);
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(500);
    await waitUntil(
      async () => (await inspect.exists(key)) === 0,
      'the cache entry to expire',
      5000,
    );
    expect(
      (await router.complete(ask('Count the words'), jane)).route.cached,
    ).toBe(false);
    expect(upstream.calls).toHaveLength(2);
  });

  it('skips the cache, for reading and writing, when the caller opts out', async () => {
    const router = await redisRouter();

    await router.complete(ask('Count the words'), jane);
    await entriesStored(1);
    const [key] = await cacheKeys();
    const storedBefore = await inspect.get(key);

    const skipped = await router.complete(ask('Count the words'), {
      ...jane,
      cache: false,
    });
    expect(skipped).toMatchObject({ text: ANSWER, route: { cached: false } });
    expect(upstream.calls).toHaveLength(2);

    // An opted-out miss stores nothing: only the next cached call adds a key.
    await router.complete(ask('Only once'), { ...jane, cache: false });
    await router.complete(ask('Stored'), jane);
    await entriesStored(2);
    expect(await cacheKeys()).toHaveLength(2);
    expect(await inspect.get(key)).toBe(storedBefore);
    expect(upstream.calls).toHaveLength(4);

    // Without the opt-out the first entry still answers.
    expect(
      (await router.complete(ask('Count the words'), jane)).route.cached,
    ).toBe(true);
    expect(upstream.calls).toHaveLength(4);
  });

  it('shares entries between router instances on the same Redis, per caller', async () => {
    const a = await redisRouter();
    const b = await redisRouter();

    const filled = await a.complete(ask('Count the words'), jane);
    expect(filled.route.cached).toBe(false);
    await entriesStored(1);

    const hit = await b.complete(ask('Count the words'), jane);
    expect(hit).toMatchObject({ text: ANSWER, route: { cached: true } });
    expect(upstream.calls).toHaveLength(1);

    // Another caller's identical prompt is not answered from jane's entry.
    const joe = await b.complete(ask('Count the words'), {
      caller: 'user:default/joe',
    });
    expect(joe.route.cached).toBe(false);
    expect(upstream.calls).toHaveLength(2);
  });
});
