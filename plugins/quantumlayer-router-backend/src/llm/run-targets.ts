import {
  LlmCompletionRequest,
  LlmProvider,
  LlmProviderError,
  NoTargetAvailableError,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { CircuitBreaker } from './breaker/circuit-breaker';
import type { CallAccounting } from './call-accounting';
import type { ModelRoutes } from './model-routes';
import type { PriceTable } from './prices';
import { orderTargets, TargetStats } from './strategies/index';
import type { TargetHealth } from './target-health';
import type { ModelRoute, RouteTarget } from './route-target';
import type {
  CallContext,
  RouteAttempt,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { targetKey } from './route-target';
import { RetrySettings, retryDelay, sleep } from './retry-policy';

/** What the target loop needs from the router. */
export interface TargetLoopDeps {
  providers: ReadonlyMap<string, LlmProvider>;
  breaker: CircuitBreaker;
  health: TargetHealth;
  retry: RetrySettings;
}

/** What a routed call (a stream, an embedding) needs from the router. */
export interface RouteCallDeps {
  loop: TargetLoopDeps;
  routes: ModelRoutes;
  prices: PriceTable;
  /** For the strategies that order by latency or price. */
  stats: TargetStats;
  accounting: CallAccounting;
  /** The route of the request's alias, or of the provider the context pins. */
  resolve(request: { model?: string }, ctx: CallContext): ModelRoute;
}

/**
 * Tries targets in order (completions, streams and embeddings alike). Each gets its retries (jittered backoff or the
 * vendor's Retry-After, within the deadline) while its breaker lets calls
 * through; retryable failures and open circuits move on to the next target,
 * permanent errors (4xx other than 408/409/429) go straight to the caller.
 */
export async function runTargets<
  T,
  R extends {
    model?: string;
    abortSignal?: AbortSignal;
  } = LlmCompletionRequest,
>(
  deps: TargetLoopDeps,
  alias: string,
  targets: RouteTarget[],
  request: R,
  call: (provider: LlmProvider, request: R) => Promise<T>,
): Promise<{ value: T; target: RouteTarget; attempts: RouteAttempt[] }> {
  const attempts: RouteAttempt[] = [];
  const deadline = Date.now() + deps.retry.deadlineMs;
  for (const target of targets) {
    const provider = deps.providers.get(target.provider)!;
    const key = targetKey(target);
    const decision = await deps.breaker.acquire(key);
    if (!decision.allowed) {
      attempts.push({ ...pick(target), outcome: 'circuit-open', latencyMs: 0 });
      continue;
    }
    for (let retry = 0; ; retry++) {
      const started = performance.now();
      try {
        const value = await call(provider, { ...request, model: target.model });
        const latencyMs = performance.now() - started;
        deps.health.success(key, latencyMs);
        // Off the hot path: a success only matters to a half-open breaker.
        void deps.breaker.record(key, true).catch(() => undefined);
        attempts.push({ ...pick(target), outcome: 'ok', latencyMs });
        return { value, target, attempts };
      } catch (error) {
        if (request.abortSignal?.aborted) throw error;
        const failure = error instanceof LlmProviderError ? error : undefined;
        attempts.push({
          ...pick(target),
          outcome: 'error',
          status: failure?.status,
          error: String((error as Error)?.message ?? error).slice(0, 300),
          latencyMs: performance.now() - started,
        });
        deps.health.failure(key, attempts[attempts.length - 1].error!);
        if (!failure?.retryable) throw error;
        const state = await deps.breaker.record(key, false);
        const wait = retryDelay(retry + 1, deps.retry, failure.retryAfterMs);
        if (
          state === 'open' ||
          retry >= deps.retry.maxRetries ||
          Date.now() + wait > deadline
        )
          break;
        await sleep(wait, request.abortSignal);
      }
    }
    if (Date.now() >= deadline) break;
  }
  throw new NoTargetAvailableError(alias, attempts);
}

/** Runs `call` over the route's targets in the order its strategy gives. */
export function runRoute<
  T,
  R extends { model?: string; abortSignal?: AbortSignal },
>(
  deps: RouteCallDeps,
  route: ModelRoute,
  request: R,
  call: (provider: LlmProvider, request: R) => Promise<T>,
) {
  return runTargets(
    deps.loop,
    route.alias,
    orderTargets(route, deps.stats),
    request,
    call,
  );
}

function pick(target: RouteTarget) {
  return { provider: target.provider, model: target.model };
}
