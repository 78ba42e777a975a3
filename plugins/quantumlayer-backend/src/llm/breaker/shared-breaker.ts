import type { RedisConnection } from '../redis/redis-connection';
import { ACQUIRE_SCRIPT, RECORD_SCRIPT } from './breaker-scripts';
import type {
  BreakerDecision,
  BreakerSettings,
  BreakerState,
  CircuitBreaker,
} from './circuit-breaker';
import { MemoryBreaker } from './memory-breaker';

/**
 * The breaker shared by all replicas through Redis. While Redis is down (or a
 * command fails or times out) each replica uses its own MemoryBreaker, so
 * requests never fail because of the breaker's storage.
 */
export class SharedBreaker implements CircuitBreaker {
  private readonly local: MemoryBreaker;
  private readonly ttlMs: number;

  constructor(
    private readonly redis: RedisConnection,
    private readonly settings: BreakerSettings,
  ) {
    this.local = new MemoryBreaker(settings);
    // Long enough to outlive a window and a cooldown, short enough to clean up.
    this.ttlMs = 2 * Math.max(settings.windowMs, settings.cooldownMs) + 60_000;
  }

  get scope() {
    return this.redis.ready ? ('shared' as const) : ('local' as const);
  }

  async acquire(key: string, now = Date.now()): Promise<BreakerDecision> {
    if (!this.redis.ready) return this.local.acquire(key, now);
    try {
      const [allowed, state] = (await this.redis.runScript(
        ACQUIRE_SCRIPT,
        [this.redis.key('cb', key)],
        [now, this.settings.cooldownMs, this.ttlMs],
      )) as [number, BreakerState];
      return { allowed: allowed === 1, state };
    } catch {
      return this.local.acquire(key, now);
    }
  }

  async record(key: string, success: boolean, now = Date.now()) {
    if (!this.redis.ready) return this.local.record(key, success, now);
    const s = this.settings;
    try {
      return (await this.redis.runScript(
        RECORD_SCRIPT,
        [this.redis.key('cb', key)],
        [now, success ? 1 : 0, s.windowMs, s.minimumCalls, s.failureRate, this.ttlMs],
      )) as BreakerState;
    } catch {
      return this.local.record(key, success, now);
    }
  }

  async state(key: string, now = Date.now()): Promise<BreakerState> {
    if (!this.redis.ready) return this.local.state(key, now);
    try {
      const [state, openedAt] = await this.redis.client.hmget(
        this.redis.key('cb', key),
        'state',
        'opened_at',
      );
      if (state === 'open' && now - Number(openedAt) >= this.settings.cooldownMs)
        return 'half-open';
      return (state as BreakerState | null) ?? 'closed';
    } catch {
      return this.local.state(key, now);
    }
  }
}
