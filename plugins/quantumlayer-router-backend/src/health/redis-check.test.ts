import { HealthMonitor } from '@internal/backstage-plugin-quantumlayer-node';
import { waitUntil } from '@internal/quantumlayer-test-utils';
import { startPrivateRedis, testRedisConnection } from '../__testUtils__/redis';
import { RedisConnection } from '../llm/redis/redis-connection';
import { redisCheck } from './redis-check';

jest.setTimeout(120_000);
const details = (monitor: HealthMonitor) =>
  monitor.details().then(r => r.checks[0]);

describe('redisCheck', () => {
  it('reports role and memory of a live Redis', async () => {
    const redis = await testRedisConnection();
    try {
      const check = await details(new HealthMonitor([redisCheck(redis)]));
      expect(check).toMatchObject({
        status: 'ok',
        details: { configured: true, role: 'master', ping: 'PONG' },
      });
      expect(check.message).toMatch(/^master, [\d.]+[KMG]? used/);
    } finally {
      redis.client.disconnect();
    }
  });

  it('is degraded, not down, when Redis stops; ok again when it is back', async () => {
    const server = await startPrivateRedis();
    const redis = new RedisConnection({
      url: server.url,
      commandTimeoutMs: 300,
    });
    try {
      await waitUntil(() => redis.ready, 'private Redis');
      const monitor = new HealthMonitor([redisCheck(redis)], { cacheMs: 0 });
      expect((await details(monitor)).status).toBe('ok');
      await server.stop();
      const down = await details(monitor);
      expect(down.status).toBe('degraded');
      expect(down.message).toContain('the router uses per-replica state');
      await server.start();
      await waitUntil(() => redis.ready, 'Redis to come back');
      expect((await details(monitor)).status).toBe('ok');
    } finally {
      redis.client.disconnect();
      await server.stop();
    }
  });

  it('says when Redis is not configured', async () => {
    const check = await details(new HealthMonitor([redisCheck(undefined)]));
    expect(check).toMatchObject({
      status: 'ok',
      details: { configured: false },
    });
  });
});
