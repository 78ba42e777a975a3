import type { RedisConnection } from '../redis/redis-connection';
import { RATE_WINDOW_MS, RateLimit } from './rate-limit-rules';

/** What one admission found, per limit in the order given. */
export interface RateTake {
  ok: boolean;
  /** 0-based index of the first limit without room; -1 when admitted. */
  index: number;
  /** When refused: ms until the call would fit every limit. */
  waitMs: number;
  /** Ms of each limit's window in use after the charge (before it, when refused). */
  busyMs: number[];
}

/** A change of a limit's charge once the real cost is known, in ms of its window. */
export interface RateCorrection {
  key: string;
  ms: number;
}

/**
 * GCRA over several limits at once: either every limit has room for its cost
 * and all are charged, or none is. A limit's state is one number, its
 * theoretical arrival time (TAT): the moment its window would be empty
 * again. A cost of `n` moves it `n × intervalMs` on; the call fits while
 * TAT − now stays within the window, so a full window's worth may come in a
 * burst and then one interval's worth per interval.
 */
export interface RateLimitStore {
  take(
    limits: readonly RateLimit[],
    costs: readonly number[],
    corrections?: readonly RateCorrection[],
  ): Promise<RateTake>;
}

/**
 * KEYS: n limits, then corrected keys. ARGV: n, window ms, then interval and
 * cost per limit, then ms per correction. Corrections apply first (they
 * are the settled differences of earlier calls, folded into this trip);
 * then the limits are checked and, if all fit, charged. Time is Redis's own,
 * so replicas with skewed clocks share one window. Returns
 * {index (1-based, 0 = admitted), wait ms, busy ms per limit}.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
for j = n + 1, #KEYS do
  local tat = tonumber(redis.call('GET', KEYS[j]) or '0')
  if tat > now then
    local moved = math.ceil(tat + tonumber(ARGV[2 + 2 * n + j - n]))
    if moved > now then redis.call('SET', KEYS[j], moved, 'PX', moved - now)
    else redis.call('DEL', KEYS[j]) end
  end
end
local out = {0, 0}
local after = {}
for i = 1, n do
  local tat = math.max(tonumber(redis.call('GET', KEYS[i]) or '0'), now)
  local charged = math.ceil(tat + tonumber(ARGV[1 + 2 * i]) * tonumber(ARGV[2 + 2 * i]))
  if charged - now > window then
    if out[1] == 0 then out[1] = i end
    out[2] = math.max(out[2], charged - now - window)
    after[i] = tat
  else
    after[i] = charged
  end
end
for i = 1, n do
  if out[1] == 0 and after[i] > now then
    redis.call('SET', KEYS[i], after[i], 'PX', after[i] - now)
  end
  out[2 + i] = after[i] - now
end
return out
`;

/** Limits in Redis: one script, one round trip per admission, shared by every replica. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly redis: RedisConnection) {}

  get ready() {
    return this.redis.ready;
  }

  async take(
    limits: readonly RateLimit[],
    costs: readonly number[],
    corrections: readonly RateCorrection[] = [],
  ): Promise<RateTake> {
    const keys = new Array<string>(limits.length + corrections.length);
    const args: number[] = [limits.length, RATE_WINDOW_MS];
    limits.forEach((l, i) => {
      keys[i] = this.redis.key(l.key);
      args.push(l.intervalMs, costs[i]);
    });
    corrections.forEach((c, j) => {
      keys[limits.length + j] = this.redis.key(c.key);
      args.push(c.ms);
    });
    const [index, waitMs, ...busyMs] = (await this.redis.runScript(
      TAKE_SCRIPT,
      keys,
      args,
    )) as number[];
    return { ok: index === 0, index: index - 1, waitMs, busyMs };
  }
}

/** The same contract in one process (no Redis, or Redis down). */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly tats = new Map<string, number>();

  async take(
    limits: readonly RateLimit[],
    costs: readonly number[],
    corrections: readonly RateCorrection[] = [],
  ): Promise<RateTake> {
    const now = Date.now();
    for (const c of corrections) this.correct(c, now);
    const result: RateTake = { ok: true, index: -1, waitMs: 0, busyMs: [] };
    const after = limits.map((l, i) => {
      const tat = Math.max(this.tats.get(l.key) ?? 0, now);
      const next = Math.ceil(tat + l.intervalMs * costs[i]);
      if (next - now <= RATE_WINDOW_MS) return next;
      if (result.ok) result.index = i;
      result.ok = false;
      result.waitMs = Math.max(result.waitMs, next - now - RATE_WINDOW_MS);
      return tat;
    });
    after.forEach((tat, i) => {
      if (result.ok) this.tats.set(limits[i].key, tat);
      result.busyMs.push(tat - now);
    });
    if (this.tats.size > 10_000) this.prune(now);
    return result;
  }

  /** Applies one settled difference at once (no trip to save here). */
  correct(c: RateCorrection, now = Date.now()) {
    const tat = this.tats.get(c.key);
    if (tat !== undefined && tat > now)
      this.tats.set(c.key, Math.ceil(tat + c.ms));
  }

  /** Forgets limits whose window has emptied. */
  private prune(now: number) {
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
  }
}
