import type { LoggerService } from '@backstage/backend-plugin-api';
import { RateLimitExceededError } from '@internal/backstage-plugin-quantumlayer-router-node';
import type {
  RateLimitDimension,
  RateLimitStatus,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  limitsOf,
  RATE_WINDOW_MS,
  RateLimit,
  RateLimitRule,
  RateLimitTable,
} from './rate-limit-rules';
import {
  MemoryRateLimitStore,
  RateAdjustment,
  RateTake,
  RedisRateLimitStore,
} from './rate-limit-store';
import type { RuntimeRateLimitRules } from './runtime-rate-limit-rules';

/**
 * What one rule's owner holds of its window now: requests and tokens in the
 * current minute, as GCRA counts them (each drains at the limit's rate);
 * null for a unit the rule does not limit.
 */
export interface RateUsage {
  requests: number | null;
  tokens: number | null;
}

/** A call let through: what it was charged, to settle once its real tokens are known. */
export interface RateAdmission {
  limits: readonly RateLimit[];
  costs: number[];
  /** Charged in Redis (corrections go there) or on this replica. */
  shared: boolean;
  /** For the `*-ratelimit-*` headers of the answer. */
  status: RateLimitStatus;
}

const NO_CORRECTIONS: RateAdjustment[] = [];

/** How long a settled difference may wait for the next admission before it is sent alone. */
const FLUSH_MS = 1_000;

/**
 * Requests and tokens per minute per principal (user, group, service),
 * shared across replicas in Redis with one script per admission, per replica
 * without Redis or while it is down (logged once per change).
 *
 * Tokens are reserved before the call at the estimate (prompt size plus
 * max tokens, as budgets do, capped at the limit so a large `max_tokens`
 * cannot make a call impossible) and corrected by the real usage after it.
 * Reserving, not check-then-charge, is what stops a burst of concurrent
 * calls from all passing a check before any of them is charged. The
 * correction costs no round trip of its own: it waits on this replica and
 * rides with the next admission's script (or is sent alone after 1 s when
 * no call comes), so every call is one Redis round trip.
 *
 * The replica mirrors what Redis answers, so an outage continues from the
 * shared count rather than from zero, and once Redis answers again the
 * replica's own counts ride along as raises (a Redis without persistence
 * comes back empty), as the budget guard does.
 */
export class RateLimiter {
  private readonly local = new MemoryRateLimitStore();
  private table: RateLimitTable;
  private readonly pending = new Map<string, number>();
  private flushTimer?: ReturnType<typeof setTimeout>;
  private degraded = false;
  /** Admitted on this replica since Redis last answered: its counts go up on the next trip. */
  private behind = false;
  /** Rules changed through the API, when the limiter has them. */
  readonly runtime?: RuntimeRateLimitRules;

  constructor(
    rules: RateLimitRule[] | RuntimeRateLimitRules,
    private readonly shared?: RedisRateLimitStore,
    private readonly logger?: LoggerService,
  ) {
    this.runtime = Array.isArray(rules) ? undefined : rules;
    this.table = new RateLimitTable(Array.isArray(rules) ? rules : []);
  }

  /** False only when no rule can ever apply (fixed rules, none configured). */
  get enabled() {
    return this.runtime !== undefined || this.table.rules.length > 0;
  }

  /** The rules in force now. */
  async rules(): Promise<readonly RateLimitRule[]> {
    if (this.runtime) {
      const rules = await this.runtime.current();
      // Rebuilt only when the rule set changed (the source returns the same array until then).
      if (rules !== this.table.rules) this.table = new RateLimitTable(rules);
    }
    return this.table.rules;
  }

  /**
   * Charges one request and `tokens` (the estimate) to every limit of the
   * caller and their group, or throws RateLimitExceededError and charges
   * nothing. Undefined (and no Redis call) when no rule applies.
   */
  async admit(
    who: { caller?: string; group?: string },
    tokens: number,
  ): Promise<RateAdmission | undefined> {
    if (this.runtime) await this.rules();
    const limits = this.table.limitsFor(who);
    if (limits.length === 0) return undefined;
    const costs = limits.map(l =>
      l.unit === 'requests' ? 1 : Math.min(Math.ceil(tokens), l.limit),
    );
    const { take, shared } = await this.take(limits, costs);
    const status = statusOf(limits, take.busyMs);
    if (!take.ok) {
      const l = limits[take.index];
      const retryAfterMs = Math.max(1, take.waitMs);
      throw new RateLimitExceededError(
        `rate limit of ${l.rule.owner} reached: ${l.limit} ${
          l.unit === 'requests'
            ? 'requests per minute (rpm)'
            : `tokens per minute (tpm), this call needs up to ${
                costs[take.index]
              } tokens`
        }; retry after ${Math.ceil(retryAfterMs / 1000)}s`,
        l.rule.owner,
        status,
        retryAfterMs,
      );
    }
    return { limits, costs, shared, status };
  }

  /**
   * What `rule`'s owner used in the current window, charging nothing: read
   * from Redis (with the corrections still waiting on this replica) while
   * the limits are shared, else from this replica's counts.
   */
  async usage(rule: RateLimitRule): Promise<RateUsage> {
    const limits = limitsOf(rule);
    const busyMs = await this.peek(limits);
    const used: RateUsage = { requests: null, tokens: null };
    limits.forEach((l, i) => {
      used[l.unit] = Math.max(0, Math.ceil(busyMs[i] / l.intervalMs));
    });
    return used;
  }

  /** Charges the real tokens instead of the estimate (0 when the call failed). */
  settle(admission: RateAdmission | undefined, tokens: number) {
    if (!admission) return;
    admission.limits.forEach((l, i) => {
      if (l.unit !== 'tokens') return;
      const delta = Math.ceil(tokens) - admission.costs[i];
      if (delta === 0) return;
      const correction = { key: l.key, ms: delta * l.intervalMs };
      if (!admission.shared) this.local.adjust(correction);
      else {
        this.pending.set(l.key, (this.pending.get(l.key) ?? 0) + correction.ms);
        this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
        this.flushTimer.unref?.();
      }
    });
  }

  /** Stops the pending correction timer (the router's shutdown). */
  close() {
    this.cancelFlush();
  }

  private cancelFlush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private async take(
    limits: readonly RateLimit[],
    costs: number[],
  ): Promise<{ take: RateTake; shared: boolean }> {
    if (this.shared?.ready) {
      const adjustments = this.behind
        ? [...this.drain(), ...this.local.snapshot()]
        : this.drain();
      try {
        const take = await this.shared.take(limits, costs, adjustments);
        this.behind = false;
        this.local.mirror(limits, take.busyMs);
        if (this.degraded) {
          this.degraded = false;
          this.logger?.info(
            'Rate limits: Redis is back, limits are shared again',
          );
        }
        return { take, shared: true };
      } catch (error) {
        this.degrade((error as Error).message);
      }
    } else if (this.shared) {
      this.degrade('Redis is not connected');
    }
    if (this.shared) this.behind = true;
    return { take: await this.local.take(limits, costs), shared: false };
  }

  private async peek(limits: readonly RateLimit[]): Promise<number[]> {
    // After an outage Redis lags this replica until the next admission.
    if (this.shared?.ready && !this.behind) {
      try {
        const busyMs = await this.shared.peek(limits);
        // A waiting correction applies only to a window still busy, as in the script.
        return busyMs.map((ms, i) =>
          ms > 0 ? ms + (this.pending.get(limits[i].key) ?? 0) : 0,
        );
      } catch (error) {
        this.degrade((error as Error).message);
      }
    }
    return this.local.peek(limits);
  }

  private degrade(reason: string) {
    if (this.degraded) return;
    this.degraded = true;
    this.logger?.warn(`Rate limits enforced per replica: ${reason}`);
  }

  /**
   * The corrections waiting for a trip, emptied: sent at most once (a trip
   * that fails loses them, erring towards the estimate).
   */
  private drain(): RateAdjustment[] {
    this.cancelFlush();
    if (this.pending.size === 0) return NO_CORRECTIONS;
    const list = [...this.pending].map(([key, ms]) => ({ key, ms }));
    this.pending.clear();
    return list;
  }

  private flush() {
    this.flushTimer = undefined;
    if (!this.shared?.ready || this.pending.size === 0) return;
    this.shared
      .take([], [], this.drain())
      .catch(error =>
        this.logger?.warn(
          `Rate limits: sending token corrections failed, they are dropped: ${
            (error as Error).message
          }`,
        ),
      );
  }
}

/** The tightest limit per dimension, as the answer's headers report it. */
function statusOf(limits: readonly RateLimit[], busyMs: number[]) {
  const status: RateLimitStatus = {};
  limits.forEach((l, i) => {
    const busy = Math.max(0, busyMs[i]);
    const dimension: RateLimitDimension = {
      limit: l.limit,
      remaining: Math.max(
        0,
        Math.floor((RATE_WINDOW_MS - busy) / l.intervalMs),
      ),
      resetMs: busy,
    };
    const seen = status[l.unit];
    if (!seen || dimension.remaining < seen.remaining) {
      status[l.unit] = dimension;
    }
  });
  return status;
}
