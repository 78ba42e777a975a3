import type {
  LlmCompletionRequest,
  LlmProviderError,
  LlmUsage,
  CallContext,
  RouteInfo,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  BudgetGuard,
  estimateTokens,
  Reservation,
} from './budgets/budget-guard';
import type { PriceTable } from './prices';
import type { RateAdmission, RateLimiter } from './rate-limits/rate-limiter';
import type { ModelRoute } from './route-target';
import type { UsageEntry, UsageLedger } from './usage/usage-ledger';
import {
  recordRouterCall,
  offPath,
} from '@internal/backstage-plugin-quantumlayer-node';

/** The usage of a call that used nothing (a cache hit, a failure). */
export const NO_USAGE: LlmUsage = { promptTokens: 0, completionTokens: 0 };

/** How a call was served: the alias, the target that answered, and its cost and latency. */
export function routeInfo(
  alias: string,
  served: { provider: string; model: string },
  attempts: RouteInfo['attempts'],
  costUsd: number,
  latencyMs: number,
  cached = false,
): RouteInfo {
  return {
    alias,
    provider: served.provider,
    model: served.model,
    attempts,
    costUsd,
    cached,
    latencyMs,
  };
}

/** What a call holds until it is settled: its budget reservation and rate-limit admission. */
export interface CallHold {
  budget?: Reservation;
  rate?: RateAdmission;
}

/** Adds the rate limits that applied to a call to how it was routed (for the answer's headers). */
export function withRateLimits(info: RouteInfo, hold: CallHold | undefined) {
  if (hold?.rate) info.rateLimits = hold.rate.status;
  return info;
}

/** A call that may fail: who asked, its route and reservation, when it started. */
export interface FailedCall {
  ctx: CallContext;
  route: ModelRoute;
  reservation: CallHold | undefined;
  started: number;
  stream: boolean;
}

/**
 * What every routed call owes the books: a budget reservation and a
 * rate-limit admission before it (budget at the dearest target's price, so
 * a fallback cannot overspend), the settlement after it, and one metrics
 * sample and ledger row, failures included.
 */
export class CallAccounting {
  constructor(
    private readonly deps: {
      prices: PriceTable;
      budgets?: BudgetGuard;
      rateLimits?: RateLimiter;
      ledger?: UsageLedger;
    },
  ) {}

  /** Reserves the estimate of a completion, when budgets or rate limits are on. */
  async reserveCompletion(
    route: ModelRoute,
    request: LlmCompletionRequest,
    ctx: CallContext,
  ): Promise<CallHold | undefined> {
    if (!this.deps.budgets?.enabled && !this.deps.rateLimits?.enabled)
      return undefined;
    return this.reserve(
      route,
      ctx,
      estimateTokens(request.messages, request.maxTokens),
    );
  }

  /**
   * Reserves `tokens` on the caller's budgets (at the route's dearest
   * target) and admits the call against their rate limits. Both Redis
   * scripts are sent in the same tick, so ioredis's auto-pipelining writes
   * them together: one network round trip for both, not one each. Should
   * either refuse, what the other took is given back; a rate-limit refusal
   * wins, as it tells the caller when to retry.
   */
  async reserve(
    route: ModelRoute,
    ctx: CallContext,
    tokens: number,
  ): Promise<CallHold | undefined> {
    const { budgets, rateLimits } = this.deps;
    const budget = budgets?.enabled
      ? budgets.reserve(ctx, {
          tokens,
          usd: Math.max(
            0,
            ...route.targets.map(t =>
              this.deps.prices.cost(t, {
                promptTokens: tokens,
                completionTokens: 0,
              }),
            ),
          ),
        })
      : undefined;
    const rate = rateLimits?.enabled
      ? rateLimits.admit(ctx, tokens)
      : undefined;
    if (!rate) return budget && { budget: await budget };
    if (!budget) {
      const admitted = await rate;
      return admitted && { rate: admitted };
    }
    const [held, admitted] = await Promise.allSettled([budget, rate]);
    if (held.status === 'fulfilled' && admitted.status === 'fulfilled') {
      return held.value || admitted.value
        ? { budget: held.value, rate: admitted.value }
        : undefined;
    }
    if (held.status === 'fulfilled') this.release({ budget: held.value });
    if (admitted.status === 'fulfilled') this.release({ rate: admitted.value });
    throw admitted.status === 'rejected'
      ? admitted.reason
      : (held as PromiseRejectedResult).reason;
  }

  /** Settles `reservation` at what the call really spent. */
  settle(
    reservation: CallHold | undefined,
    spend: { tokens: number; usd: number },
  ) {
    if (!reservation) return;
    if (reservation.budget)
      void this.deps.budgets?.settle(reservation.budget, spend);
    this.deps.rateLimits?.settle(reservation.rate, spend.tokens);
  }

  /** Settles `reservation` at nothing spent (a cache hit, a failure). */
  release(reservation: CallHold | undefined) {
    this.settle(reservation, { tokens: 0, usd: 0 });
  }

  /** Records a call that one of the route's targets answered; returns how it was routed. */
  recordServed(
    ctx: CallContext,
    route: ModelRoute,
    served: { provider: string; model: string },
    call: {
      attempts: RouteInfo['attempts'];
      costUsd: number;
      usage: LlmUsage;
      started: number;
      cached?: boolean;
      hold?: CallHold;
    },
  ): RouteInfo {
    const info = withRateLimits(
      routeInfo(
        route.alias,
        served,
        call.attempts,
        call.costUsd,
        performance.now() - call.started,
        call.cached,
      ),
      call.hold,
    );
    this.record(ctx, info, call.usage, call.cached ? 'cached' : 'ok', false);
    return info;
  }

  /**
   * Runs `call`, the routing of one request. Should it fail, releases the
   * reservation, records the failure and rethrows.
   */
  async withFailureRecorded<T>(
    failed: FailedCall,
    call: () => Promise<T>,
  ): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.recordFailure(failed, error);
      throw error;
    }
  }

  private recordFailure(failed: FailedCall, error: unknown) {
    this.release(failed.reservation);
    const attempts = (error as { attempts?: unknown[] })?.attempts;
    const served = {
      provider: (error as LlmProviderError)?.provider ?? '',
      model: '',
    };
    this.record(
      failed.ctx,
      routeInfo(
        failed.route.alias,
        served,
        [],
        0,
        performance.now() - failed.started,
      ),
      NO_USAGE,
      'error',
      failed.stream,
      attempts?.length ?? 1,
    );
  }

  /**
   * One metrics sample and one ledger row for a call, written once its
   * answer has gone out ({@link offPath}).
   */
  record(
    ctx: CallContext,
    info: RouteInfo,
    usage: LlmUsage,
    outcome: UsageEntry['outcome'],
    stream: boolean,
    attempts = info.attempts.length,
  ) {
    const at = new Date();
    offPath(() => this.write(ctx, info, usage, outcome, stream, attempts, at));
  }

  private write(
    ctx: CallContext,
    info: RouteInfo,
    usage: LlmUsage,
    outcome: UsageEntry['outcome'],
    stream: boolean,
    attempts: number,
    at: Date,
  ) {
    recordRouterCall({
      alias: info.alias,
      provider: info.provider,
      model: info.model,
      outcome,
      latencyMs: info.latencyMs,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      costUsd: info.costUsd,
    });
    this.deps.ledger?.record({
      at,
      caller: ctx.caller ?? 'unknown',
      group: ctx.group,
      workflowId: ctx.workflowId,
      alias: info.alias,
      provider: info.provider || undefined,
      model: info.model || undefined,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      costUsd: info.costUsd,
      latencyMs: info.latencyMs,
      attempts,
      outcome,
      stream,
    });
  }
}
