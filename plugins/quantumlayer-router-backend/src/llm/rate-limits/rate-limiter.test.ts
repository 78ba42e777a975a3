import type { LoggerService } from '@backstage/backend-plugin-api';
import { RedisConnection } from '../redis/redis-connection';
import { RateLimitExceededError } from '@internal/backstage-plugin-quantumlayer-router-node';
import { waitUntil } from '@internal/quantumlayer-test-utils';
import {
  startPrivateRedis,
  testRedisConnection,
} from '../../__testUtils__/redis';
import { RateLimiter } from './rate-limiter';
import type { RateLimitRule } from './rate-limit-rules';
import { RedisRateLimitStore } from './rate-limit-store';

jest.setTimeout(30_000);

const jane = { caller: 'user:default/jane', group: 'group:default/team-a' };
const rules: RateLimitRule[] = [
  { owner: 'user:default/jane', rpm: 3 },
  { owner: 'group:default/team-b', rpm: 2, tpm: 100 },
  { owner: 'external:ci-bot', tpm: 100 },
];

function warnings() {
  const lines: string[] = [];
  const logger = {
    info: () => {},
    debug: () => {},
    error: () => {},
    warn: (m: string) => lines.push(m),
    child: () => logger,
  } as unknown as LoggerService;
  return { logger, lines };
}

const refused = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    e => e as RateLimitExceededError,
  );

describe('RateLimiter on a real Redis', () => {
  let a: RedisConnection;
  let b: RedisConnection;

  beforeEach(async () => {
    a = await testRedisConnection();
    // A second replica: its own connection, the same keys.
    b = new RedisConnection({
      url: 'redis://127.0.0.1:6379',
      keyPrefix: a.prefix,
      commandTimeoutMs: 1000,
    });
    await waitUntil(() => b.ready, 'the second replica to reach Redis');
  });

  afterEach(async () => {
    const keys = await a.client.keys(`${a.prefix}*`);
    if (keys.length) await a.client.del(...keys);
    await a.close();
    await b.close();
  });

  it('shares requests per minute across replicas and refuses with the limit, the owner and a retry time', async () => {
    const one = new RateLimiter(rules, new RedisRateLimitStore(a));
    const two = new RateLimiter(rules, new RedisRateLimitStore(b));
    const admitted = [
      await one.admit(jane, 10),
      await two.admit(jane, 10),
      await one.admit(jane, 10),
    ];
    expect(admitted.map(x => x?.status.requests?.remaining)).toEqual([2, 1, 0]);
    expect(admitted.every(x => x?.shared)).toBe(true);
    // Either replica reads the shared count, charging nothing.
    for (const replica of [one, two, one]) {
      await expect(replica.usage(rules[0])).resolves.toEqual({
        requests: 3,
        tokens: null,
      });
    }

    const error = await refused(two.admit(jane, 10));
    expect(error).toBeInstanceOf(RateLimitExceededError);
    expect(error!.message).toMatch(
      /^rate limit of user:default\/jane reached: 3 requests per minute \(rpm\); retry after \d+s$/,
    );
    expect(error!.owner).toBe('user:default/jane');
    expect(error!.limits.requests).toMatchObject({ limit: 3, remaining: 0 });
    // One request's share of the window (20 s), less what passed since.
    expect(error!.retryAfterMs).toBeGreaterThan(15_000);
    expect(error!.retryAfterMs).toBeLessThanOrEqual(20_000);
    // The key lives no longer than the window.
    const ttl = await a.client.pttl(a.key('rate:user:default/jane:rpm'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('reserves the token estimate, and the next admission carries the correction to the real usage', async () => {
    const one = new RateLimiter(rules, new RedisRateLimitStore(a));
    const two = new RateLimiter(rules, new RedisRateLimitStore(b));
    const bot = { caller: 'external:ci-bot' };
    const first = await one.admit(bot, 90);
    expect(first?.status.tokens).toMatchObject({ limit: 100, remaining: 10 });
    // A concurrent call on the other replica sees the reservation.
    const error = await refused(two.admit(bot, 20));
    expect(error?.message).toMatch(
      /^rate limit of external:ci-bot reached: 100 tokens per minute \(tpm\), this call needs up to 20 tokens; retry after \d+s$/,
    );
    expect(error?.limits.tokens).toMatchObject({ limit: 100, remaining: 10 });

    one.settle(first, 10);
    // The correction waits on this replica for the next trip; its usage counts it already.
    expect(await one.usage(rules[2])).toEqual({ requests: null, tokens: 10 });
    expect(await two.usage(rules[2])).toEqual({ requests: null, tokens: 90 });
    const second = await one.admit(bot, 85); // 10 used + 85 fits once corrected
    expect(second?.status.tokens?.remaining).toBe(5);
    expect(await two.usage(rules[2])).toEqual({ requests: null, tokens: 95 });
    // And the other replica sees the corrected use in Redis.
    expect((await refused(two.admit(bot, 10)))?.limits.tokens?.remaining).toBe(
      5,
    );
    one.close();
  });

  it('applies a group rule to its members, both rpm and tpm, and admits a principal without rules without touching Redis', async () => {
    const limiter = new RateLimiter(rules, new RedisRateLimitStore(a));
    const member = {
      caller: 'user:default/sam',
      group: 'group:default/team-b',
    };
    const admitted = await limiter.admit(member, 30);
    expect(admitted?.status).toEqual({
      requests: { limit: 2, remaining: 1, resetMs: expect.any(Number) },
      tokens: { limit: 100, remaining: 70, resetMs: expect.any(Number) },
    });
    await limiter.admit(member, 30);
    const error = await refused(limiter.admit(member, 30));
    expect(error?.owner).toBe('group:default/team-b');
    expect(error?.message).toMatch(/2 requests per minute \(rpm\)/);

    const keysBefore = (await a.client.keys(`${a.prefix}*`)).sort();
    for (let i = 0; i < 20; i++) {
      await expect(
        limiter.admit(
          { caller: 'user:default/free', group: 'group:default/x' },
          1e6,
        ),
      ).resolves.toBeUndefined();
    }
    expect((await a.client.keys(`${a.prefix}*`)).sort()).toEqual(keysBefore);
  });

  it('limits per replica without Redis, and says so once', async () => {
    const down = new RedisConnection({
      url: 'redis://127.0.0.1:1',
      commandTimeoutMs: 100,
    });
    const { logger, lines } = warnings();
    const limiter = new RateLimiter(
      rules,
      new RedisRateLimitStore(down),
      logger,
    );
    try {
      const admitted = [];
      for (let i = 0; i < 3; i++) admitted.push(await limiter.admit(jane, 1));
      expect(admitted.map(x => x?.shared)).toEqual([false, false, false]);
      expect(await refused(limiter.admit(jane, 1))).toBeInstanceOf(
        RateLimitExceededError,
      );
      expect(lines).toEqual([
        'Rate limits enforced per replica: Redis is not connected',
      ]);
      expect(await limiter.usage(rules[0])).toEqual({
        requests: 3,
        tokens: null,
      });
      // Another replica without Redis has its own count.
      const other = new RateLimiter(rules);
      expect(await other.usage(rules[0])).toEqual({
        requests: 0,
        tokens: null,
      });
      await expect(other.admit(jane, 1)).resolves.toBeDefined();
      expect(await other.usage(rules[0])).toEqual({
        requests: 1,
        tokens: null,
      });
    } finally {
      await down.close();
    }
  });

  it('continues from the shared count while Redis is down, and puts its own count back when Redis returns empty', async () => {
    const server = await startPrivateRedis();
    const conn = new RedisConnection({
      url: server.url,
      commandTimeoutMs: 200,
    });
    const { logger, lines } = warnings();
    const limiter = new RateLimiter(
      rules,
      new RedisRateLimitStore(conn),
      logger,
    );
    try {
      await waitUntil(() => conn.ready, 'the private Redis');
      expect((await limiter.admit(jane, 1))?.shared).toBe(true);
      expect((await limiter.admit(jane, 1))?.shared).toBe(true);

      await server.stop();
      await waitUntil(() => !conn.ready, 'the connection to notice');
      // Third of three: the replica knows two were spent in Redis.
      const during = await limiter.admit(jane, 1);
      expect(during).toMatchObject({ shared: false });
      expect(during?.status.requests?.remaining).toBe(0);
      expect(await refused(limiter.admit(jane, 1))).toBeInstanceOf(
        RateLimitExceededError,
      );

      // Redis comes back without its data; the replica's count goes up with the next trip.
      await server.start();
      await waitUntil(() => conn.ready, 'the connection to come back');
      const after = await refused(limiter.admit(jane, 1));
      expect(after).toBeInstanceOf(RateLimitExceededError);
      const tat = Number(
        await conn.client.get(conn.key('rate:user:default/jane:rpm')),
      );
      expect(tat).toBeGreaterThan(Date.now() + 40_000);
      expect(lines).toEqual([
        'Rate limits enforced per replica: Redis is not connected',
      ]);
    } finally {
      await conn.close();
      await server.stop();
    }
  });
});
