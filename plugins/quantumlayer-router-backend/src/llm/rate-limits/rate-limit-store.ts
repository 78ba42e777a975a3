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

/**
 * A change to a limit outside an admission: `ms` of its window added (a
 * settled difference, may be negative), or with `raise`, the window kept
 * busy for at least `ms` from now (a replica's own count after an outage).
 */
export interface RateAdjustment {
  key: string;
  ms: number;
  raise?: boolean;
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
    adjustments?: readonly RateAdjustment[],
  ): Promise<RateTake>;
  /** Ms of each limit's window in use now, charging nothing. */
  peek(limits: readonly RateLimit[]): Promise<number[]>;
}

/**
 * KEYS: n limits, then adjusted keys. ARGV: n, window ms, then interval and
 * cost per limit, then kind (`d` add, `r` raise) and ms per adjustment.
 * Adjustments apply first (settled differences of earlier calls, folded
 * into this trip, or a replica's count after an outage); then the limits
 * are checked and, if all fit, charged. Time is Redis's own, so replicas
 * with skewed clocks share one window. Returns {index (1-based, 0 =
 * admitted), wait ms, busy ms per limit}.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
for j = n + 1, #KEYS do
  local a = 2 + 2 * n + 2 * (j - n)
  local ms = tonumber(ARGV[a])
  local tat = tonumber(redis.call('GET', KEYS[j]) or '0')
  local target
  if ARGV[a - 1] == 'r' then target = math.max(tat, math.ceil(now + ms))
  elseif tat > now then target = math.ceil(tat + ms) end
  if target and target > now then redis.call('SET', KEYS[j], target, 'PX', target - now)
  elseif target then redis.call('DEL', KEYS[j]) end
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

/** KEYS: limits. Returns the ms of each limit's window in use, by Redis's clock. */
const PEEK_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i = 1, #KEYS do
  out[i] = math.max(0, tonumber(redis.call('GET', KEYS[i]) or '0') - now)
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
    adjustments: readonly RateAdjustment[] = [],
  ): Promise<RateTake> {
    const keys = new Array<string>(limits.length + adjustments.length);
    const args: Array<number | string> = [limits.length, RATE_WINDOW_MS];
    limits.forEach((l, i) => {
      keys[i] = this.redis.key(l.key);
      args.push(l.intervalMs, costs[i]);
    });
    adjustments.forEach((a, j) => {
      keys[limits.length + j] = this.redis.key(a.key);
      args.push(a.raise ? 'r' : 'd', a.ms);
    });
    const [index, waitMs, ...busyMs] = (await this.redis.runScript(
      TAKE_SCRIPT,
      keys,
      args,
    )) as number[];
    return { ok: index === 0, index: index - 1, waitMs, busyMs };
  }

  async peek(limits: readonly RateLimit[]): Promise<number[]> {
    if (limits.length === 0) return [];
    return (await this.redis.runScript(
      PEEK_SCRIPT,
      limits.map(l => this.redis.key(l.key)),
      [],
    )) as number[];
  }
}

/** The same contract in one process (no Redis, or Redis down). */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly tats = new Map<string, number>();

  async take(
    limits: readonly RateLimit[],
    costs: readonly number[],
    adjustments: readonly RateAdjustment[] = [],
  ): Promise<RateTake> {
    const now = Date.now();
    for (const a of adjustments) this.adjust(a, now);
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

  async peek(limits: readonly RateLimit[]): Promise<number[]> {
    const now = Date.now();
    return limits.map(l => Math.max(0, (this.tats.get(l.key) ?? 0) - now));
  }

  /** Applies one adjustment at once (no trip to save here). */
  adjust(a: RateAdjustment, now = Date.now()) {
    const tat = this.tats.get(a.key);
    if (a.raise)
      this.tats.set(a.key, Math.max(tat ?? 0, Math.ceil(now + a.ms)));
    else if (tat !== undefined && tat > now)
      this.tats.set(a.key, Math.ceil(tat + a.ms));
  }

  /** Mirrors what Redis answered, so an outage continues from the shared count. */
  mirror(limits: readonly RateLimit[], busyMs: readonly number[]) {
    const now = Date.now();
    limits.forEach((l, i) => {
      if (busyMs[i] > 0) this.tats.set(l.key, now + busyMs[i]);
    });
  }

  /** Every limit still busy, as raises for the shared store after an outage. */
  snapshot(): RateAdjustment[] {
    const now = Date.now();
    return [...this.tats].flatMap(([key, tat]) =>
      tat > now ? [{ key, ms: tat - now, raise: true }] : [],
    );
  }

  /** Forgets limits whose window has emptied. */
  private prune(now: number) {
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
  }
}
