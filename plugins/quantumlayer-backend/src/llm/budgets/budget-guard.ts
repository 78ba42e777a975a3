import type { LoggerService } from '@backstage/backend-plugin-api';
import { BudgetExceededError } from '../router-errors';
import {
  BudgetCounter,
  BudgetRule,
  countersFor,
  MICRO,
  periodOf,
} from './budget-rules';
import { BudgetStore, MemoryBudgetStore } from './budget-store';
import type { RuntimeBudgetRules } from './runtime-budget-rules';

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
    const counters = countersFor(await this.rules(), who, now);
    if (counters.length === 0) return undefined;
    const request = counters.map(c => ({
      key: c.key,
      limit: c.limit,
      amount: c.unit === 'tokens' ? estimate.tokens : estimate.usd * MICRO,
      ttlSeconds:
        Math.ceil((c.endsAt.getTime() - now.getTime()) / 1000) + 86_400,
    }));
    let store: BudgetStore = this.shared?.ready ? this.shared : this.local;
    let result;
    try {
      if (store === this.shared && this.behind) await this.catchUp();
      result = await store.reserve(request);
    } catch (error) {
      this.logger?.warn(
        `Budget store failed, enforcing per replica: ${
          (error as Error).message
        }`,
      );
      store = this.local;
      result = await store.reserve(request);
    }
    if (result.ok && store === this.shared) {
      const seen = result.used;
      await this.local.raise(
        request.map((r, i) => ({ ...r, used: seen[i] ?? 0 })),
      );
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

/** Rough prompt size before the vendor counts it: 4 characters per token. */
export function estimateTokens(
  messages: Array<{ content: string }>,
  maxTokens: number | undefined,
): number {
  const chars = messages.reduce((n, m) => n + m.content.length, 0);
  return Math.ceil(chars / 4) + (maxTokens ?? 1024);
}
