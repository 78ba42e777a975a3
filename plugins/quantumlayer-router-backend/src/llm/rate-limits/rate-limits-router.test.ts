import fs from 'fs';
import path from 'path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  LoopbackServer,
  startLoopbackServer,
  waitUntil,
} from '@internal/quantumlayer-test-utils';
import { testRedisConnection, TEST_REDIS_URL } from '../../__testUtils__/redis';
import { createLlmRouter, LlmRouterRuntime } from '../create-llm-router';
import textAnswer from '../providers/openai/__fixtures__/openai-text.json';
import type { RedisConnection } from '../redis/redis-connection';
import {
  BudgetExceededError,
  RateLimitExceededError,
} from '@internal/backstage-plugin-quantumlayer-router-node';

jest.setTimeout(30_000);

const textStream = fs.readFileSync(
  path.join(
    __dirname,
    '../providers/openai/__fixtures__/openai-text.chunks.txt',
  ),
  'utf8',
);
const jane = { caller: 'user:default/jane', group: 'group:default/team-a' };
const ask = (maxTokens = 50) => ({
  model: 'smart',
  messages: [{ role: 'user' as const, content: 'hi' }],
  maxTokens,
});

describe('rate limits in the LLM router', () => {
  let upstream: LoopbackServer;
  let redis: RedisConnection;
  const runtimes: LlmRouterRuntime[] = [];

  const router = async (extra: { redis?: boolean; router?: object }) => {
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
            models: [
              { alias: 'smart', targets: [{ provider: 'local', model: 'm1' }] },
            ],
            cache: { enabled: false },
            ...(extra.redis
              ? { redis: { url: TEST_REDIS_URL, keyPrefix: redis.prefix } }
              : {}),
            ...extra.router,
          },
        },
      }),
      logger: mockServices.logger.mock(),
    });
    runtimes.push(runtime);
    if (runtime.redis)
      await waitUntil(() => runtime.redis!.ready, 'the router to reach Redis');
    return runtime.router;
  };

  beforeEach(async () => {
    upstream = await startLoopbackServer({ type: 'json', body: textAnswer });
    redis = await testRedisConnection();
  });

  afterEach(async () => {
    await Promise.all(runtimes.splice(0).map(r => r.stop()));
    await upstream.close();
    const keys = await redis.client.keys(`${redis.prefix}*`);
    if (keys.length) await redis.client.del(...keys);
    await redis.close();
  });

  it('shares a limit between two routers on one Redis, streams included, and a refused call never reaches the vendor', async () => {
    const rateLimits = [{ owner: 'user:default/jane', rpm: 3 }];
    const one = await router({ redis: true, router: { rateLimits } });
    const two = await router({ redis: true, router: { rateLimits } });

    const first = await one.complete(ask(), jane);
    upstream.reply({ type: 'sse', body: textStream });
    const streamed = await two.stream(ask(), jane);
    for await (const _part of streamed.parts);
    upstream.reply({ type: 'json', body: textAnswer });
    const third = await one.complete(ask(), jane);
    expect(
      [first.route, streamed.route, third.route].map(
        r => r.rateLimits?.requests?.remaining,
      ),
    ).toEqual([2, 1, 0]);

    const refused = await two.complete(ask(), jane).catch(e => e);
    expect(refused).toBeInstanceOf(RateLimitExceededError);
    expect(refused.owner).toBe('user:default/jane');
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(upstream.calls).toHaveLength(3);

    // Someone else is not limited, and their answers say nothing of limits.
    const other = await two.complete(ask(), { caller: 'user:default/sam' });
    expect(other.route.rateLimits).toBeUndefined();
  });

  it('limits per replica without Redis: each router counts its own', async () => {
    const rateLimits = [{ owner: 'group:default/team-a', rpm: 2 }];
    const one = await router({ router: { rateLimits } });
    const two = await router({ router: { rateLimits } });
    const outcomes: string[] = [];
    for (const r of [one, one, one, two, two, two]) {
      outcomes.push(
        await r.complete(ask(), jane).then(
          () => 'ok',
          e => e.name,
        ),
      );
    }
    expect(outcomes).toEqual([
      'ok',
      'ok',
      'RateLimitExceededError',
      'ok',
      'ok',
      'RateLimitExceededError',
    ]);
  });

  it('gives back the budget reservation of a call the rate limit refuses, and the tokens of one the budget refuses', async () => {
    const limited = await router({
      redis: true,
      router: {
        budgets: [
          { owner: 'user:default/jane', period: 'daily', tokens: 100_000 },
          { owner: 'user:default/capped', period: 'daily', tokens: 10 },
        ],
        rateLimits: [
          { owner: 'user:default/jane', rpm: 1 },
          { owner: 'user:default/capped', tpm: 100 },
        ],
      },
    });
    const answer = await limited.complete(ask(), jane);
    await expect(limited.complete(ask(), jane)).rejects.toBeInstanceOf(
      RateLimitExceededError,
    );
    const rule = (await limited.budgets!.rules())[0];
    // Only the answered call's real tokens stay charged.
    await waitUntil(
      async () =>
        (await limited.budgets!.usage(rule)).tokens ===
        answer.usage.promptTokens + answer.usage.completionTokens,
      'the refused call to be released',
    );

    const capped = { caller: 'user:default/capped' };
    await expect(limited.complete(ask(60), capped)).rejects.toBeInstanceOf(
      BudgetExceededError,
    );
    // The 61 tokens reserved for that call were given back: 90 more fit in 100.
    await expect(limited.rateLimits!.admit(capped, 90)).resolves.toMatchObject({
      status: { tokens: { remaining: 10 } },
    });
  });
});
