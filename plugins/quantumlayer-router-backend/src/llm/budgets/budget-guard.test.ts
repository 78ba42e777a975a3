import Redis from 'ioredis';
import { RedisConnection } from '../redis/redis-connection';
import { BudgetExceededError } from '@internal/backstage-plugin-quantumlayer-router-node';
import { waitUntil } from '@internal/quantumlayer-test-utils';
import {
  startPrivateRedis,
  testRedisConnection,
} from '../../__testUtils__/redis';
import { BudgetGuard } from './budget-guard';
import { BudgetRule, periodOf } from './budget-rules';
import { RedisBudgetStore } from './budget-store';

const team = 'group:default/team-a';
const jane = 'user:default/jane';
const now = new Date('2026-11-23T15:00:00Z');

describe('BudgetGuard on the real Redis', () => {
  let conns: RedisConnection[] = [];
  afterEach(async () => {
    await Promise.all(conns.map(c => c.close()));
    conns = [];
  });

  async function replicas(count: number, rules: BudgetRule[], url?: string) {
    const first = await testRedisConnection(url);
    conns.push(first);
    const guards = [new BudgetGuard(rules, new RedisBudgetStore(first))];
    for (let i = 1; i < count; i++) {
      const conn = new RedisConnection({
        url: url ?? 'redis://127.0.0.1:6379',
        keyPrefix: first.prefix,
      });
      conns.push(conn);
      await waitUntil(() => conn.ready, 'replica connection');
      guards.push(new BudgetGuard(rules, new RedisBudgetStore(conn)));
    }
    return { guards, redis: first };
  }

  it('lets concurrent callers on two replicas spend exactly the budget, never more', async () => {
    const { guards, redis } = await replicas(2, [
      { owner: team, period: 'daily', tokens: 10_000 },
    ]);
    // 60 calls of 1000 tokens race for a 10 000-token budget.
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        guards[i % 2].reserve(
          { caller: jane, group: team },
          { tokens: 1000, usd: 0 },
          now,
        ),
      ),
    );
    const granted = results.filter(r => r.status === 'fulfilled');
    const refused = results.filter(
      r => r.status === 'rejected',
    ) as PromiseRejectedResult[];
    expect(granted).toHaveLength(10);
    expect(refused).toHaveLength(50);
    expect(refused[0].reason).toBeInstanceOf(BudgetExceededError);
    expect(refused[0].reason.message).toBe(
      'daily budget of group:default/team-a is spent: 10000 of 10000 tokens used, this call needs up to 1000; it resets at 2026-11-24T00:00:00.000Z',
    );
    expect(
      await redis.client.get(redis.key(`budget:${team}:2026-11-23:tokens`)),
    ).toBe('10000');
  });

  it('settles the real spend instead of the estimate, freeing the difference', async () => {
    const { guards, redis } = await replicas(1, [
      { owner: jane, period: 'monthly', tokens: 5000, usd: 0.5 },
    ]);
    const [guard] = guards;
    const reservation = await guard.reserve(
      { caller: jane },
      { tokens: 4000, usd: 0.4 },
      now,
    );
    await expect(
      guard.reserve({ caller: jane }, { tokens: 2000, usd: 0.01 }, now),
    ).rejects.toThrow(
      /monthly budget of user:default\/jane is spent: 4000 of 5000 tokens/,
    );
    await guard.settle(reservation, { tokens: 1200, usd: 0.012 });
    const base = `budget:${jane}:2026-11`;
    expect(await redis.client.get(redis.key(`${base}:tokens`))).toBe('1200');
    expect(await redis.client.get(redis.key(`${base}:usd`))).toBe('12000'); // micro-USD
    // The freed room is usable at once; a USD limit refuses on its own.
    await guard.reserve({ caller: jane }, { tokens: 2000, usd: 0.01 }, now);
    await expect(
      guard.reserve({ caller: jane }, { tokens: 10, usd: 0.5 }, now),
    ).rejects.toThrow(
      /0.0220 of 0.5000 USD used, this call needs up to 0.5000/,
    );
  });

  it('ignores callers no rule names', async () => {
    const { guards } = await replicas(1, [
      { owner: team, period: 'daily', tokens: 1 },
    ]);
    expect(
      await guards[0].reserve(
        { caller: jane, group: 'group:default/other' },
        { tokens: 99, usd: 0 },
        now,
      ),
    ).toBeUndefined();
  });

  it('enforces per replica while Redis is stopped, from the shared spend, and catches Redis up when it is back', async () => {
    const server = await startPrivateRedis();
    try {
      const { guards } = await replicas(
        1,
        [{ owner: team, period: 'daily', tokens: 3000 }],
        server.url,
      );
      const call = () =>
        guards[0].reserve({ group: team }, { tokens: 1000, usd: 0 }, now);
      await call();
      await server.stop();
      await waitUntil(() => !conns[0].ready, 'the connection to notice');
      // The replica goes on from the 1000 spent through Redis: 2 more fit.
      await call();
      await call();
      await expect(call()).rejects.toBeInstanceOf(BudgetExceededError);
      // Redis comes back empty (no persistence): the spend during the outage
      // is written back before the next call, which is refused.
      await server.start();
      await waitUntil(() => conns[0].ready, 'the connection to come back');
      await expect(call()).rejects.toThrow(
        /daily budget of group:default\/team-a is spent: 3000 of 3000 tokens used/,
      );
      expect(
        await conns[0].client.get(
          conns[0].key(`budget:${team}:2026-11-23:tokens`),
        ),
      ).toBe('3000');
    } finally {
      await server.stop();
    }
  });

  it('mirrors Redis less the settlements not sent yet, so an outage goes on from the real spend', async () => {
    const server = await startPrivateRedis();
    try {
      const conn = await testRedisConnection(server.url);
      conns.push(conn);
      // Settlements held for 5 s: Redis answers the next call without them.
      const guard = new BudgetGuard(
        [{ owner: team, period: 'daily', tokens: 1000 }],
        new RedisBudgetStore(conn, { adjustGatherMs: 5000 }),
      );
      const call = () =>
        guard.reserve({ group: team }, { tokens: 400, usd: 0 }, now);
      // 400 reserved, 100 spent: 300 go back, gathered, not sent.
      void guard.settle(await call(), { tokens: 100, usd: 0 });
      await call();
      const key = conn.key(`budget:${team}:2026-11-23:tokens`);
      expect(await conn.client.get(key)).toBe('800');
      await server.stop();
      await waitUntil(() => !conn.ready, 'the connection to notice');
      // Spent 100 + held 400: 500 left, one more call of 400 fits, not two.
      await expect(call()).resolves.toBeDefined();
      await expect(call()).rejects.toThrow(
        /daily budget of group:default\/team-a is spent: 900 of 1000 tokens used/,
      );
    } finally {
      await server.stop();
    }
  });

  it('admits a call far below the limit at once and charges Redis behind it; near the limit the call waits for Redis', async () => {
    const server = await startPrivateRedis();
    const admin = new Redis(server.url);
    try {
      const { guards } = await replicas(
        1,
        [{ owner: team, period: 'daily', tokens: 1_000_000 }],
        server.url,
      );
      const key = conns[0].key(`budget:${team}:2026-11-23:tokens`);
      const call = (tokens: number) =>
        guards[0].reserve({ group: team }, { tokens, usd: 0 }, now);
      // Nothing seen from Redis yet: the first call reserves there first.
      await call(1000);
      expect(await admin.get(key)).toBe('1000');
      // Redis takes no writes for a moment (reads go on).
      await admin.call('CLIENT', 'PAUSE', '600', 'WRITE');
      await call(1000);
      // Admitted while Redis still shows the first call only...
      expect(await admin.get(key)).toBe('1000');
      // ...and charged there once Redis takes writes again.
      await waitUntil(
        async () => (await admin.get(key)) === '2000',
        'the charge to reach Redis',
      );
      // 950 000 of 1 000 000 is past the share admitted at once: this call
      // waits for Redis's answer.
      await admin.call('CLIENT', 'PAUSE', '600', 'WRITE');
      let answered = false;
      const near = call(950_000).then(r => {
        answered = true;
        return r;
      });
      expect(await admin.get(key)).toBe('2000');
      expect(answered).toBe(false);
      await near;
      expect(await admin.get(key)).toBe('952000');
      // Past the limit: refused, exactly as before.
      await expect(call(50_000)).rejects.toBeInstanceOf(BudgetExceededError);
    } finally {
      admin.disconnect();
      await server.stop();
    }
  });
});

describe('periodOf', () => {
  it('cuts days and months in UTC', () => {
    expect(periodOf('daily', new Date('2026-12-31T23:59:59Z'))).toEqual({
      id: '2026-12-31',
      startsAt: new Date('2026-12-31T00:00:00Z'),
      endsAt: new Date('2027-01-01T00:00:00Z'),
    });
    expect(periodOf('monthly', new Date('2026-12-31T23:59:59Z'))).toEqual({
      id: '2026-12',
      startsAt: new Date('2026-12-01T00:00:00Z'),
      endsAt: new Date('2027-01-01T00:00:00Z'),
    });
  });
});
