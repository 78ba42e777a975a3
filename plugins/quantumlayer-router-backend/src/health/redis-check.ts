import type { HealthCheck } from '@internal/backstage-plugin-quantumlayer-node';
import type { RedisConnection } from '../llm/redis/redis-connection';

/** `key:value` lines of an INFO section. */
function infoFields(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(/\r?\n/)
      .filter(line => line.includes(':') && !line.startsWith('#'))
      .map(line => [
        line.slice(0, line.indexOf(':')),
        line.slice(line.indexOf(':') + 1),
      ]),
  );
}

/**
 * The router's Redis (shared breaker, cache, budgets) answers PING; reports
 * its role and memory. Unreachable Redis is `degraded`, not `down`: the
 * router keeps working with per-replica state.
 */
export function redisCheck(redis: RedisConnection | undefined): HealthCheck {
  return {
    name: 'redis',
    async check() {
      if (!redis) {
        return {
          status: 'ok',
          detail:
            'not configured: breaker, cache and budgets are per replica (set quantumlayer.router.redis.url)',
          details: { configured: false },
        };
      }
      try {
        const pong = await redis.client.ping();
        const memory = infoFields(await redis.client.info('memory'));
        const replication = infoFields(await redis.client.info('replication'));
        const details = {
          configured: true,
          role: replication.role,
          connectedReplicas: Number(replication.connected_slaves ?? 0),
          usedMemory: memory.used_memory_human,
          maxMemory: memory.maxmemory_human,
          ping: pong,
        };
        return {
          status: 'ok',
          detail: `${details.role}, ${details.usedMemory} used`,
          details,
        };
      } catch (error) {
        return {
          status: 'degraded',
          detail: `unreachable (${
            (error as Error).message
          }); the router uses per-replica state`,
          details: { configured: true },
        };
      }
    },
  };
}
