import type { RedisConnection } from '../redis/redis-connection';
import { ACQUIRE_SCRIPT, RECORD_SCRIPT } from './breaker-scripts';
import type {
  BreakerDecision,
  BreakerSettings,
  BreakerState,
  CircuitBreaker,
} from './circuit-breaker';
import { MemoryBreaker } from './memory-breaker';

interface Mirror {
  state: BreakerState;
  syncedAt: number;
  /** Successes counted here since the last sync. */
  pending: number;
  /** This replica holds the half-open probe. */
  probing: boolean;
}

/**
 * The breaker shared by all replicas through Redis (Lua, one round trip per
 * decision). Each replica mirrors a target's state for `syncMs`: while the
 * mirror says closed, calls go ahead without a round trip and successes are
 * counted locally, then sent in one batch; every failure, every open or
 * half-open decision and every probe result goes to Redis at once. So other
 * replicas see a circuit open within `syncMs`, and a healthy target costs no
 * Redis traffic per call. While Redis is down (or a command fails) each
 * replica uses its own MemoryBreaker: requests never fail because of it.
 */
export class SharedBreaker implements CircuitBreaker {
  private readonly local: MemoryBreaker;
  private readonly ttlMs: number;
  private readonly mirrors = new Map<string, Mirror>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisConnection,
    private readonly settings: BreakerSettings,
  ) {
    this.local = new MemoryBreaker(settings);
    // Long enough to outlive a window and a cooldown, short enough to clean up.
    this.ttlMs = 2 * Math.max(settings.windowMs, settings.cooldownMs) + 60_000;
    this.timer = setInterval(
      () => void this.flush(),
      Math.max(this.syncMs, 50),
    );
    this.timer.unref();
  }

  private get syncMs() {
    return this.settings.syncMs ?? 100;
  }

  get scope() {
    return this.redis.ready ? ('shared' as const) : ('local' as const);
  }

  async acquire(key: string, now = Date.now()): Promise<BreakerDecision> {
    if (!this.redis.ready) return this.local.acquire(key, now);
    const mirror = this.mirrors.get(key);
    if (
      mirror &&
      now - mirror.syncedAt < this.syncMs &&
      mirror.state !== 'half-open'
    ) {
      return { allowed: mirror.state === 'closed', state: mirror.state };
    }
    try {
      const [allowed, state] = (await this.redis.runScript(
        ACQUIRE_SCRIPT,
        [this.redis.key('cb', key)],
        [now, this.settings.cooldownMs, this.ttlMs],
      )) as [number, BreakerState];
      const next = this.mirror(key, state, now);
      next.probing = state === 'half-open' && allowed === 1;
      return { allowed: allowed === 1, state };
    } catch {
      return this.local.acquire(key, now);
    }
  }

  async record(key: string, success: boolean, now = Date.now()) {
    if (!this.redis.ready) return this.local.record(key, success, now);
    const mirror = this.mirrors.get(key);
    if (
      success &&
      this.syncMs > 0 &&
      mirror?.state === 'closed' &&
      !mirror.probing
    ) {
      mirror.pending += 1;
      return 'closed';
    }
    return this.send(key, success ? 1 : 0, success ? 0 : 1, now);
  }

  async state(key: string, now = Date.now()): Promise<BreakerState> {
    if (!this.redis.ready) return this.local.state(key, now);
    try {
      const [state, openedAt] = await this.redis.client.hmget(
        this.redis.key('cb', key),
        'state',
        'opened_at',
      );
      if (
        state === 'open' &&
        now - Number(openedAt) >= this.settings.cooldownMs
      )
        return 'half-open';
      return (state as BreakerState | null) ?? 'closed';
    } catch {
      return this.local.state(key, now);
    }
  }

  /** Sends the successes counted since the last sync. */
  async flush(now = Date.now()) {
    const due = [...this.mirrors.entries()].filter(([, m]) => m.pending > 0);
    await Promise.all(due.map(([key]) => this.send(key, 0, 0, now)));
  }

  private async send(
    key: string,
    successes: number,
    failures: number,
    now: number,
  ) {
    const mirror = this.mirror(
      key,
      this.mirrors.get(key)?.state ?? 'closed',
      this.mirrors.get(key)?.syncedAt ?? 0,
    );
    const batch = successes + mirror.pending;
    const probe = mirror.probing && batch + failures > mirror.pending;
    mirror.pending = 0;
    const s = this.settings;
    try {
      const state = (await this.redis.runScript(
        RECORD_SCRIPT,
        [this.redis.key('cb', key)],
        [
          now,
          batch,
          failures,
          probe ? 1 : 0,
          s.windowMs,
          s.minimumCalls,
          s.failureRate,
          this.ttlMs,
        ],
      )) as BreakerState;
      const next = this.mirror(key, state, now);
      if (probe) next.probing = false;
      return state;
    } catch {
      return this.local.record(key, failures === 0, now);
    }
  }

  private mirror(key: string, state: BreakerState, syncedAt: number): Mirror {
    let mirror = this.mirrors.get(key);
    if (!mirror) {
      mirror = { state, syncedAt, pending: 0, probing: false };
      this.mirrors.set(key, mirror);
    }
    mirror.state = state;
    mirror.syncedAt = syncedAt;
    return mirror;
  }

  async close() {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
  }
}
