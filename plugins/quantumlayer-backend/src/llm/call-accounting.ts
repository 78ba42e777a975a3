import type {
  LlmCompletionRequest,
  LlmProviderError,
  LlmUsage,
} from '@internal/backstage-plugin-quantumlayer-node';
import {
  BudgetGuard,
  estimateTokens,
  Reservation,
} from './budgets/budget-guard';
import type { PriceTable } from './prices';
import type { CallContext, ModelRoute, RouteInfo } from './router-types';
import type { UsageEntry, UsageLedger } from './usage/usage-ledger';
import { recordRouterCall } from '../metrics/quantumlayer-metrics';

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

/** A call that may fail: who asked, its route and reservation, when it started. */
export interface FailedCall {
  ctx: CallContext;
  route: ModelRoute;
  reservation: Reservation | undefined;
  started: number;
  stream: boolean;
}

/**
 * What every routed call owes the books: a budget reservation before it (at
 * the dearest target's price, so a fallback cannot overspend), the settlement
 * after it, and one metrics sample and ledger row, failures included.
 */
export class CallAccounting {
  constructor(
    private readonly deps: {
      prices: PriceTable;
      budgets?: BudgetGuard;
      ledger?: UsageLedger;
    },
  ) {}

  /** Reserves the estimate of a completion, when budgets are on. */
  async reserveCompletion(
    route: ModelRoute,
    request: LlmCompletionRequest,
    ctx: CallContext,
  ): Promise<Reservation | undefined> {
    if (!this.deps.budgets?.enabled) return undefined;
    return this.reserve(
      route,
      ctx,
      estimateTokens(request.messages, request.maxTokens),
    );
  }

  /** Reserves `tokens` of input on the route's dearest target, when budgets are on. */
  async reserve(
    route: ModelRoute,
    ctx: CallContext,
    tokens: number,
  ): Promise<Reservation | undefined> {
    const budgets = this.deps.budgets;
    if (!budgets?.enabled) return undefined;
    const usd = Math.max(
      0,
      ...route.targets.map(t =>
        this.deps.prices.cost(t, { promptTokens: tokens, completionTokens: 0 }),
      ),
    );
    return budgets.reserve(ctx, { tokens, usd });
  }

  /** Settles `reservation` at what the call really spent. */
  settle(
    reservation: Reservation | undefined,
    spend: { tokens: number; usd: number },
  ) {
    void this.deps.budgets?.settle(reservation, spend);
  }

  /** Settles `reservation` at nothing spent (a cache hit, a failure). */
  release(reservation: Reservation | undefined) {
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
    },
  ): RouteInfo {
    const info = routeInfo(
      route.alias,
      served,
      call.attempts,
      call.costUsd,
      performance.now() - call.started,
      call.cached,
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

  /** One metrics sample and one ledger row for a call. */
  record(
    ctx: CallContext,
    info: RouteInfo,
    usage: LlmUsage,
    outcome: UsageEntry['outcome'],
    stream: boolean,
    attempts = info.attempts.length,
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
      at: new Date(),
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
