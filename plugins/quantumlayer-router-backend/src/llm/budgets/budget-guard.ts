import type { LoggerService } from '@backstage/backend-plugin-api';
import { BudgetExceededError } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  BudgetCounter,
  BudgetRule,
  countersFor,
  MICRO,
  periodOf,
} from './budget-rules';
import { BudgetStore, MemoryBudgetStore } from './budget-store';
import type { RuntimeBudgetRules } from './runtime-budget-rules';

/**
 * Below this share of every limit, by the use last seen in Redis plus this
 * replica's charges since, a call is admitted at once and charged to Redis
 * without waiting for the answer (the round trip leaves the call's path).
 * From there on every call reserves in Redis and waits: exact at the limit.
 */
const ADMIT_AT_ONCE_BELOW = 0.9;
/**
 * The most a replica may have charged at once and not yet heard back on,
 * as a share of the limit: what other replicas cannot see yet. Ten
 * replicas at this bound, from just under {@link ADMIT_AT_ONCE_BELOW},
 * reach the limit and no further; small budgets (a call's estimate above
 * it) are always reserved in Redis first.
 */
const UNCONFIRMED_SHARE = 0.01;
/** How recent Redis's word on a counter must be to admit at once on it. */
const SEEN_FRESH_MS = 1_000;

/** Tokens and dollars a call is expected (or turned out) to use. */
export interface Spend {
  tokens: number;
  usd: number;
}

/** What was reserved, to settle once the real usage is known. */
export interface Reservation {
  counters: BudgetCounter[];
  reserved: Spend;
  store: BudgetStore;
}

/** Use of one rule in the period a moment falls in. */
export interface BudgetUsage {
  /** e.g. `2026-11-23` (daily) or `2026-11` (monthly). */
  periodId: string;
  resetsAt: Date;
  /** Set for each limit the rule has. */
  tokens?: number;
  usd?: number;
}

/**
 * Reserves an estimate before a call and settles the difference after it,
 * atomically across replicas when the store is Redis. With Redis down it
 * enforces per replica (logged), and never fails a call for that reason:
 * the replica's own counters mirror each shared counter as last seen, so an
 * outage continues from the shared spend instead of from zero, and when
 * Redis is back the shared counters are raised to what was spent meanwhile
 * (Redis without persistence comes back empty).
 * Rules are fixed (config only) or {@link RuntimeBudgetRules}, which the
 * REST API changes at runtime.
 */
export class BudgetGuard {
  private readonly local = new MemoryBudgetStore();
  /** Spent on the local store since the shared one was last in step. */
  private behind = false;
  /** Rules changed through the API, when the guard has them. */
  readonly runtime?: RuntimeBudgetRules;
  private readonly fixed: BudgetRule[];
  /** Each caller's counters, while the rules and the periods stay the same. */
  private readonly known = new Map<
    string,
    {
      rules: BudgetRule[];
      from: number;
      until: number;
      counters: BudgetCounter[];
    }
  >();
  /** When Redis last said each shared counter's use. */
  private readonly seenAt = new Map<string, number>();
  /** Charged at once per counter, Redis's answer still awaited. */
  private readonly unconfirmed = new Map<string, number>();

  constructor(
    rules: BudgetRule[] | RuntimeBudgetRules,
    private readonly shared?: BudgetStore & { ready: boolean },
    private readonly logger?: LoggerService,
  ) {
    this.fixed = Array.isArray(rules) ? rules : [];
    this.runtime = Array.isArray(rules) ? undefined : rules;
  }

  /** False only when no rule can ever apply (fixed rules, none configured). */
  get enabled() {
    return this.runtime !== undefined || this.fixed.length > 0;
  }

  /** The rules in force now. */
  rules(): Promise<BudgetRule[]> {
    return this.runtime ? this.runtime.current() : Promise.resolve(this.fixed);
  }

  /** What the owner of `rule` used in the current period, per limit. */
  async usage(rule: BudgetRule, now = new Date()): Promise<BudgetUsage> {
    const { id, endsAt } = periodOf(rule.period, now);
    const usage: BudgetUsage = { periodId: id, resetsAt: endsAt };
    const store: BudgetStore = this.shared?.ready ? this.shared : this.local;
    for (const c of countersFor([rule], { caller: rule.owner }, now)) {
      const used = await store.used(c.key);
      if (c.unit === 'tokens') usage.tokens = used;
      else usage.usd = used / MICRO;
    }
    return usage;
  }

  async reserve(
    who: { caller?: string; group?: string },
    estimate: Spend,
    now = new Date(),
  ): Promise<Reservation | undefined> {
    const counters = this.countersOf(await this.rules(), who, now);
    if (counters.length === 0) return undefined;
    const request = counters.map(c => ({
      key: c.key,
      limit: c.limit,
      amount: c.unit === 'tokens' ? estimate.tokens : estimate.usd * MICRO,
      ttlSeconds:
        Math.ceil((c.endsAt.getTime() - now.getTime()) / 1000) + 86_400,
    }));
    let store: BudgetStore = this.shared?.ready ? this.shared : this.local;
    if (store === this.shared && (await this.admittedAtOnce(request)))
      return { counters, reserved: estimate, store };
    let result;
    try {
      if (store === this.shared && this.behind) await this.catchUp();
      result = await store.reserve(request);
    } catch (error) {
      this.storeFailed(error);
      store = this.local;
      result = await store.reserve(request);
    }
    if (result.ok && store === this.shared) {
      this.markSeen(request);
      await this.mirror(request, result.used);
    } else if (result.ok) {
      this.behind = true;
    }
    if (!result.ok) {
      const c = counters[result.index];
      const unit = c.unit === 'tokens' ? 'tokens' : 'USD';
      const show = (n: number) =>
        c.unit === 'usd' ? (n / MICRO).toFixed(4) : String(n);
      throw new BudgetExceededError(
        `${c.rule.period} budget of ${c.rule.owner} is spent: ${show(
          result.used,
        )} of ${show(c.limit)} ${unit} used, this call needs up to ${show(
          Math.ceil(request[result.index].amount),
        )}; it resets at ${c.endsAt.toISOString()}`,
        c.rule.owner,
        c.endsAt,
      );
    }
    return { counters, reserved: estimate, store };
  }

  /** countersFor, remembered per caller and group for the current periods. */
  private countersOf(
    rules: BudgetRule[],
    who: { caller?: string; group?: string },
    now: Date,
  ): BudgetCounter[] {
    const key = `${who.caller ?? ''}\n${who.group ?? ''}`;
    const at = now.getTime();
    const known = this.known.get(key);
    if (known && known.rules === rules && at >= known.from && at < known.until)
      return known.counters;
    const counters = countersFor(rules, who, now);
    // Valid while `now` stays in every counter's period.
    let from = -Infinity;
    let until = Infinity;
    for (const c of counters) {
      from = Math.max(from, c.startsAt.getTime());
      until = Math.min(until, c.endsAt.getTime());
    }
    if (this.known.size > 10_000) this.known.clear();
    this.known.set(key, { rules, from, until, counters });
    return counters;
  }

  /**
   * Far below every limit (see {@link ADMIT_AT_ONCE_BELOW}): charges the
   * replica's mirror now and Redis in the background. Other replicas'
   * spend since Redis last answered is unseen, so a cluster spending more
   * than the remaining share of a budget within that moment could pass it;
   * nearer the limit every call waits for Redis.
   */
  private async admittedAtOnce(request: ChargeRequest[]): Promise<boolean> {
    const shared = this.shared!;
    if (this.behind || !shared.charge) return false;
    const now = Date.now();
    for (const r of request) {
      const seen = this.seenAt.get(r.key);
      if (seen === undefined || now - seen > SEEN_FRESH_MS) return false;
      const amount = Math.ceil(r.amount);
      const used = this.local.usedNow(r.key) + amount;
      if (used > r.limit * ADMIT_AT_ONCE_BELOW) return false;
      const open = (this.unconfirmed.get(r.key) ?? 0) + amount;
      if (open > r.limit * UNCONFIRMED_SHARE) return false;
    }
    if (!(await this.local.reserve(request)).ok) return false;
    const confirm = (sign: 1 | -1) => {
      for (const r of request) {
        const open =
          (this.unconfirmed.get(r.key) ?? 0) + sign * Math.ceil(r.amount);
        if (open > 0) this.unconfirmed.set(r.key, open);
        else this.unconfirmed.delete(r.key);
      }
    };
    confirm(1);
    shared.charge(request).then(
      totals => {
        confirm(-1);
        this.markSeen(request, now);
        void this.mirror(request, totals);
      },
      error => {
        confirm(-1);
        // Spent here, not there: caught up when Redis answers again.
        this.behind = true;
        this.storeFailed(error);
      },
    );
    return true;
  }

  /**
   * Raises the replica's counters to the use Redis answered, less the
   * settlements this replica gathered and has not sent: they lower the
   * true use already (and the local counters hold them), but Redis's answer
   * does not. Without that, each answer would undo them locally, and an
   * outage would continue from above the real spend.
   */
  private mirror(request: ChargeRequest[], used: number[]) {
    const shared = this.shared!;
    return this.local.raise(
      request.map((r, i) => ({
        ...r,
        used: (used[i] ?? 0) + (shared.unsent?.(r.key) ?? 0),
      })),
    );
  }

  private storeFailed(error: unknown) {
    this.logger?.warn(
      `Budget store failed, enforcing per replica: ${(error as Error).message}`,
    );
  }

  private markSeen(request: ChargeRequest[], at = Date.now()) {
    // Keys are per owner and period: forget old periods now and then.
    if (this.seenAt.size > 10_000) this.seenAt.clear();
    for (const r of request) this.seenAt.set(r.key, at);
  }

  /** Raises the shared counters to the replica's, after spending while Redis was down. */
  private async catchUp() {
    await this.shared!.raise(this.local.snapshot());
    this.behind = false;
    this.logger?.info('Budget store is back: shared counters caught up');
  }

  /** Charges the real spend instead of the estimate (0 when the call failed). */
  async settle(reservation: Reservation | undefined, actual: Spend) {
    if (!reservation) return;
    const entries = reservation.counters.map(c => ({
      key: c.key,
      delta:
        c.unit === 'tokens'
          ? actual.tokens - Math.ceil(reservation.reserved.tokens)
          : actual.usd * MICRO - Math.ceil(reservation.reserved.usd * MICRO),
    }));
    try {
      if (reservation.store !== this.local) await this.local.adjust(entries);
      await reservation.store.adjust(entries);
    } catch (error) {
      this.logger?.warn(`Budget settle failed: ${(error as Error).message}`);
    }
  }

  /** Sends the settlements the shared store still gathers (on shutdown). */
  async close() {
    await this.shared?.flush?.().catch(error => {
      this.logger?.warn(`Budget settle failed: ${(error as Error).message}`);
    });
  }
}

type ChargeRequest = {
  key: string;
  limit: number;
  amount: number;
  ttlSeconds: number;
};

/** Rough prompt size before the vendor counts it: 4 characters per token. */
export function estimateTokens(
  messages: Array<{ content: string }>,
  maxTokens: number | undefined,
): number {
  const chars = messages.reduce((n, m) => n + m.content.length, 0);
  return Math.ceil(chars / 4) + (maxTokens ?? 1024);
}
