import { RedisConnection } from '../redis/redis-connection';
import { waitUntil } from '@internal/quantumlayer-test-utils';
import {
  startPrivateRedis,
  testRedisConnection,
} from '../../__testUtils__/redis';
import { BreakerSettings } from './circuit-breaker';
import { MemoryBreaker } from './memory-breaker';
import { SharedBreaker } from './shared-breaker';

const settings: BreakerSettings = {
  windowMs: 10_000,
  minimumCalls: 4,
  failureRate: 0.5,
  cooldownMs: 5_000,
};
const KEY = 'openai/gpt-4o-mini';

/** Drives one breaker through the whole state machine at explicit times. */
async function walkStateMachine(a: MemoryBreaker | SharedBreaker, b = a) {
  const t = 1_000_000;
  expect(await a.record(KEY, true, t)).toBe('closed');
  expect(await a.record(KEY, false, t + 1)).toBe('closed');
  expect(await b.record(KEY, true, t + 2)).toBe('closed');
  // 4th call, 2 of 4 failed = 50%: opens, seen by the other replica too.
  expect(await b.record(KEY, false, t + 3)).toBe('open');
  expect(await a.acquire(KEY, t + 4)).toEqual({
    allowed: false,
    state: 'open',
  });
  expect(await b.state(KEY, t + 4)).toBe('open');
  // After the cooldown one probe goes through; the other replica waits.
  expect(await b.acquire(KEY, t + 5_003)).toEqual({
    allowed: true,
    state: 'half-open',
  });
  expect(await a.acquire(KEY, t + 5_004)).toEqual({
    allowed: false,
    state: 'half-open',
  });
  // The probe fails: open again, for a new cooldown.
  expect(await b.record(KEY, false, t + 5_005)).toBe('open');
  expect(await a.acquire(KEY, t + 9_000)).toEqual({
    allowed: false,
    state: 'open',
  });
  expect(await a.acquire(KEY, t + 10_006)).toEqual({
    allowed: true,
    state: 'half-open',
  });
  // This probe succeeds: closed, counts reset.
  expect(await a.record(KEY, true, t + 10_007)).toBe('closed');
  expect(await b.acquire(KEY, t + 10_008)).toEqual({
    allowed: true,
    state: 'closed',
  });
  expect(await b.record(KEY, false, t + 10_009)).toBe('closed');
}

describe('circuit breaker', () => {
  it('MemoryBreaker: closed → open → half-open → open → half-open → closed', async () => {
    const breaker = new MemoryBreaker(settings);
    await walkStateMachine(breaker);
    expect(await breaker.state(KEY, 2_000_000)).toBe('closed');
  });

  it('a window that has passed forgets old failures', async () => {
    const breaker = new MemoryBreaker(settings);
    for (let i = 0; i < 3; i++) await breaker.record(KEY, false, i);
    // Fourth failure lands in a new window: 1 of 1, below minimumCalls.
    expect(await breaker.record(KEY, false, 20_000)).toBe('closed');
  });

  describe('SharedBreaker on the real Redis', () => {
    let redis: RedisConnection[] = [];
    afterEach(async () => {
      await Promise.all(redis.map(r => r.close()));
      redis = [];
    });

    it('shares one state machine between two replicas (two connections)', async () => {
      const first = await testRedisConnection();
      const second = new RedisConnection({
        url: 'redis://127.0.0.1:6379',
        keyPrefix: first.prefix,
      });
      redis.push(first, second);
      await waitUntil(() => second.ready, 'second connection');
      const a = new SharedBreaker(first, { ...settings, syncMs: 0 });
      const b = new SharedBreaker(second, { ...settings, syncMs: 0 });
      expect(a.scope).toBe('shared');
      await walkStateMachine(a, b);
      // The state is one hash per target in Redis.
      expect(await first.client.hget(first.key('cb', KEY), 'state')).toBe(
        'closed',
      );
    });

    it('mirrors a closed state for syncMs: no round trip per call, successes sent in one batch', async () => {
      const first = await testRedisConnection();
      const second = new RedisConnection({
        url: 'redis://127.0.0.1:6379',
        keyPrefix: first.prefix,
      });
      redis.push(first, second);
      await waitUntil(() => second.ready, 'second connection');
      const a = new SharedBreaker(first, { ...settings, syncMs: 1000 });
      const b = new SharedBreaker(second, { ...settings, syncMs: 1000 });
      const hash = first.key('cb', KEY);
      const t = 2_000_000;
      expect(await a.acquire(KEY, t)).toEqual({
        allowed: true,
        state: 'closed',
      });
      for (let i = 0; i < 6; i++) await a.record(KEY, true, t + 1);
      expect(await first.client.hget(hash, 'calls')).toBeNull(); // counted locally
      await a.flush(t + 2);
      expect(await first.client.hget(hash, 'calls')).toBe('6');
      // b sees failures: 6 ok + 6 failed = 50% → open, in Redis at once.
      for (let i = 0; i < 5; i++) await b.record(KEY, false, t + 3);
      expect(await b.record(KEY, false, t + 4)).toBe('open');
      // a trusts its mirror until it is syncMs old, then learns the circuit is open.
      expect(await a.acquire(KEY, t + 500)).toEqual({
        allowed: true,
        state: 'closed',
      });
      expect(await a.acquire(KEY, t + 1003)).toEqual({
        allowed: false,
        state: 'open',
      });
      await a.close();
      await b.close();
    });

    it('keeps answering from local state while Redis is stopped, and shares again after', async () => {
      const server = await startPrivateRedis();
      try {
        const conn = await testRedisConnection(server.url);
        redis.push(conn);
        const breaker = new SharedBreaker(conn, settings);
        const t = 5_000_000;
        await breaker.record(KEY, false, t);
        expect(await conn.client.hget(conn.key('cb', KEY), 'fails')).toBe('1');

        await server.stop();
        await waitUntil(() => !conn.ready, 'the connection to notice');
        expect(breaker.scope).toBe('local');
        // No call fails because Redis is gone; the local machine takes over.
        for (let i = 1; i <= 3; i++) await breaker.record(KEY, false, t + i);
        expect(await breaker.record(KEY, false, t + 4)).toBe('open');
        expect(await breaker.acquire(KEY, t + 5)).toEqual({
          allowed: false,
          state: 'open',
        });

        await server.start();
        await waitUntil(() => conn.ready, 'reconnect');
        expect(breaker.scope).toBe('shared');
        // The restarted Redis is empty: shared state starts closed again.
        expect(await breaker.acquire(KEY, t + 6)).toEqual({
          allowed: true,
          state: 'closed',
        });
      } finally {
        await server.stop();
      }
    });
  });
});
