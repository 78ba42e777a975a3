import type { RedisConnection } from '../redis/redis-connection';

/**
 * Atomic check-and-add over several counters: either every counter has room
 * for its amount and all are charged (`used`: each counter's use after the
 * charge), or none is and the index (0-based) of the first full one is
 * returned with its current use.
 */
export interface BudgetStore {
  reserve(
    counters: Array<{
      key: string;
      amount: number;
      limit: number;
      ttlSeconds: number;
    }>,
  ): Promise<
    { ok: true; used: number[] } | { ok: false; index: number; used: number }
  >;
  /**
   * Adds each amount without checking limits, for a call already admitted;
   * resolves to each counter's use after it. Only shared stores have it.
   */
  charge?(
    counters: Array<{ key: string; amount: number; ttlSeconds: number }>,
  ): Promise<number[]>;
  /** Adds `delta` (may be negative) to each counter. */
  adjust(entries: Array<{ key: string; delta: number }>): Promise<void>;
  used(key: string): Promise<number>;
  /** Sends settlements the store gathers, if it gathers any (before shutting down). */
  flush?(): Promise<void>;
  /**
   * The sum of the settlements gathered for `key` and not sent yet: a use
   * the store answers does not hold them. Only gathering stores have it.
   */
  unsent?(key: string): number;
  /** Raises each counter to at least `used` (never lowers one). */
  raise(
    entries: Array<{ key: string; used: number; ttlSeconds: number }>,
  ): Promise<void>;
}

/** KEYS counters; ARGV ttl, then amount,limit per key → {0, 0, used…} or {index (1-based), used}. */
const RESERVE_SCRIPT = `
for i = 1, #KEYS do
  local used = tonumber(redis.call('GET', KEYS[i]) or '0')
  if used + tonumber(ARGV[2 * i]) > tonumber(ARGV[2 * i + 1]) then return {i, used} end
end
local result = {0, 0}
for i = 1, #KEYS do
  result[i + 2] = redis.call('INCRBY', KEYS[i], ARGV[2 * i])
  redis.call('EXPIRE', KEYS[i], ARGV[1])
end
return result
`;

/** KEYS counters; ARGV ttl, then one amount per key → each counter's use after it. */
const CHARGE_SCRIPT = `
local result = {}
for i = 1, #KEYS do
  result[i] = redis.call('INCRBY', KEYS[i], ARGV[i + 1])
  redis.call('EXPIRE', KEYS[i], ARGV[1])
end
return result
`;

/** KEYS counters; ARGV ttl, then one value per key: each counter becomes at least its value. */
const RAISE_SCRIPT = `
for i = 1, #KEYS do
  local used = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tonumber(ARGV[i + 1]) > used then
    redis.call('SET', KEYS[i], ARGV[i + 1], 'EX', ARGV[1])
  end
end
return 0
`;

/** KEYS counters; ARGV one delta per key. */
const ADJUST_SCRIPT = `
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('INCRBY', KEYS[i], ARGV[i]) end
end
return 0
`;

/**
 * How long settlements gather before they go to Redis together. A held
 * reservation is the call's upper bound, so settling it later only keeps
 * the counter high (safe) for this long.
 */
const ADJUST_GATHER_MS = 20;

/**
 * How long charges of calls admitted at once gather before they go to Redis
 * together. They count as unconfirmed (see BudgetGuard) until Redis
 * answers, so the gathering stays within that bound.
 */
const CHARGE_GATHER_MS = 5;

/**
 * Counters in Redis: every replica sees one spend, and races cannot
 * overspend. Reservations go at once (one round trip each, shared with the
 * rate limiter's by auto-pipelining); settlements are summed per counter and
 * sent together every {@link ADJUST_GATHER_MS}, one round trip for all the
 * calls that ended meanwhile instead of one per call.
 */
export class RedisBudgetStore implements BudgetStore {
  private pending = new Map<string, number>();
  private sending?: Promise<void>;
  private charges = new Map<string, { amount: number; ttlSeconds: number }>();
  private charging?: Promise<Map<string, number>>;

  private readonly adjustGatherMs: number;

  constructor(
    private readonly redis: RedisConnection,
    options: {
      /** How long settlements gather (default {@link ADJUST_GATHER_MS}). */
      adjustGatherMs?: number;
    } = {},
  ) {
    this.adjustGatherMs = options.adjustGatherMs ?? ADJUST_GATHER_MS;
  }

  get ready() {
    return this.redis.ready;
  }

  async reserve(
    counters: Parameters<BudgetStore['reserve']>[0],
  ): ReturnType<BudgetStore['reserve']> {
    const ttl = Math.max(...counters.map(c => c.ttlSeconds));
    const [index, used, ...after] = (await this.redis.runScript(
      RESERVE_SCRIPT,
      counters.map(c => this.redis.key(c.key)),
      [ttl, ...counters.flatMap(c => [Math.ceil(c.amount), c.limit])],
    )) as number[];
    return index === 0
      ? { ok: true, used: after.map(Number) }
      : { ok: false, index: index - 1, used };
  }

  /**
   * Charges gather for {@link CHARGE_GATHER_MS} and go in one round trip;
   * each caller gets its counters' use after the whole batch.
   */
  async charge(
    counters: Parameters<NonNullable<BudgetStore['charge']>>[0],
  ): Promise<number[]> {
    for (const c of counters) {
      const gathered = this.charges.get(c.key);
      const amount = Math.ceil(c.amount);
      if (gathered) {
        gathered.amount += amount;
        gathered.ttlSeconds = Math.max(gathered.ttlSeconds, c.ttlSeconds);
      } else {
        this.charges.set(c.key, { amount, ttlSeconds: c.ttlSeconds });
      }
    }
    this.charging ??= new Promise<void>(resolve => {
      setTimeout(resolve, CHARGE_GATHER_MS).unref();
    }).then(() => this.sendCharges());
    const totals = await this.charging;
    return counters.map(c => totals.get(c.key) ?? 0);
  }

  private async sendCharges(): Promise<Map<string, number>> {
    this.charging = undefined;
    const batch = [...this.charges];
    this.charges = new Map();
    if (batch.length === 0) return new Map();
    const totals = (await this.redis.runScript(
      CHARGE_SCRIPT,
      batch.map(([key]) => this.redis.key(key)),
      [
        Math.max(...batch.map(([, c]) => c.ttlSeconds)),
        ...batch.map(([, c]) => c.amount),
      ],
    )) as number[];
    return new Map(batch.map(([key], i) => [key, Number(totals[i])]));
  }

  /** Resolves once the gathered batch holding these entries is in Redis. */
  adjust(entries: Array<{ key: string; delta: number }>): Promise<void> {
    for (const { key, delta } of entries) {
      this.pending.set(key, (this.pending.get(key) ?? 0) + Math.round(delta));
    }
    this.sending ??= new Promise<void>(resolve => {
      setTimeout(resolve, this.adjustGatherMs).unref();
    }).then(() => this.flush());
    return this.sending;
  }

  unsent(key: string): number {
    return this.pending.get(key) ?? 0;
  }

  /** Sends the gathered settlements now, after the gathered charges. */
  async flush() {
    await this.charging;
    this.sending = undefined;
    const batch = [...this.pending].filter(([, delta]) => delta !== 0);
    this.pending = new Map();
    if (batch.length === 0) return;
    await this.redis.runScript(
      ADJUST_SCRIPT,
      batch.map(([key]) => this.redis.key(key)),
      batch.map(([, delta]) => delta),
    );
  }

  /** Read after this replica's gathered settlements are sent. */
  async used(key: string) {
    await this.flush().catch(() => undefined);
    return Number((await this.redis.client.get(this.redis.key(key))) ?? 0);
  }

  async raise(entries: Parameters<BudgetStore['raise']>[0]) {
    if (entries.length === 0) return;
    await this.redis.runScript(
      RAISE_SCRIPT,
      entries.map(e => this.redis.key(e.key)),
      [
        Math.max(...entries.map(e => e.ttlSeconds)),
        ...entries.map(e => Math.ceil(e.used)),
      ],
    );
  }
}

/** The same contract in one process (no Redis, or Redis down). */
export class MemoryBudgetStore implements BudgetStore {
  private readonly counters = new Map<
    string,
    { used: number; expires: number }
  >();

  private current(key: string) {
    const entry = this.counters.get(key);
    if (entry && entry.expires < Date.now()) this.counters.delete(key);
    return this.counters.get(key);
  }

  async reserve(counters: Parameters<BudgetStore['reserve']>[0]) {
    for (const [index, c] of counters.entries()) {
      const used = this.current(c.key)?.used ?? 0;
      if (used + Math.ceil(c.amount) > c.limit)
        return { ok: false as const, index, used };
    }
    for (const c of counters) {
      const entry = this.current(c.key) ?? {
        used: 0,
        expires: Date.now() + c.ttlSeconds * 1000,
      };
      entry.used += Math.ceil(c.amount);
      this.counters.set(c.key, entry);
    }
    return {
      ok: true as const,
      used: counters.map(c => this.current(c.key)!.used),
    };
  }

  async adjust(entries: Array<{ key: string; delta: number }>) {
    for (const e of entries) {
      const entry = this.current(e.key);
      if (entry) entry.used += Math.round(e.delta);
    }
  }

  async used(key: string) {
    return this.usedNow(key);
  }

  /** The counter's use, read at once. */
  usedNow(key: string) {
    return this.current(key)?.used ?? 0;
  }

  async raise(entries: Parameters<BudgetStore['raise']>[0]) {
    for (const e of entries) {
      const entry = this.current(e.key);
      if (entry) entry.used = Math.max(entry.used, Math.ceil(e.used));
      else {
        this.counters.set(e.key, {
          used: Math.ceil(e.used),
          expires: Date.now() + e.ttlSeconds * 1000,
        });
      }
    }
  }

  /** Every live counter with its use and remaining lifetime. */
  snapshot(): Array<{ key: string; used: number; ttlSeconds: number }> {
    const now = Date.now();
    return [...this.counters.keys()].flatMap(key => {
      const entry = this.current(key);
      return entry
        ? [
            {
              key,
              used: entry.used,
              ttlSeconds: Math.max(1, Math.ceil((entry.expires - now) / 1000)),
            },
          ]
        : [];
    });
  }
}
