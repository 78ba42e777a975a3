import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
  circuitsOf,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { CircuitBreaker, readBreakerSettings } from './breaker/circuit-breaker';
import { MemoryBreaker } from './breaker/memory-breaker';
import type { BudgetGuard } from './budgets/budget-guard';
import { cacheKey, cacheScope } from './cache/cache-key';
import type { ResponseCache, SemanticCache } from './cache/response-cache';
import { CallAccounting, NO_USAGE } from './call-accounting';
import { TargetHealth } from './target-health';
import { routerStatus } from './router-status';
import { ModelRoutes } from './model-routes';
import { PriceTable } from './prices';
import { readRetrySettings, RetrySettings } from './retry-policy';
import { aliasesServingEmbeddings, routeEmbedding } from './route-embedding';
import { routeStream, RoutedStream } from './route-stream';
import type { ModelRoute } from './route-target';
import type {
  CallContext,
  EmbeddingRequest,
  RoutedCompletion,
  RoutedEmbedding,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { targetKey } from './route-target';
import { RouteCallDeps, runRoute } from './run-targets';
import type { RateLimiter } from './rate-limits/rate-limiter';
import type { UsageLedger } from './usage/usage-ledger';
import { inRouterSpan } from './router-span';

export type { RoutedStream } from './route-stream';

export interface LlmRouterOptions {
  providers: LlmProvider[];
  routes?: ModelRoutes;
  prices?: PriceTable;
  retry?: Partial<RetrySettings>;
  breaker?: CircuitBreaker;
  cache?: ResponseCache;
  /** Asked after an exact miss (VectorSemanticCache, when enabled). */
  semanticCache?: SemanticCache;
  budgets?: BudgetGuard;
  rateLimits?: RateLimiter;
  ledger?: UsageLedger;
  logger?: LoggerService;
}

/**
 * The seam every LLM call goes through, in-process (workflow activities) and
 * over HTTP (the gateway endpoints): resolves the model alias, orders targets
 * by strategy, guards them with breakers and retries, serves exact-match
 * and semantic cache hits, reserves and settles budgets and rate limits,
 * and writes the
 * usage ledger; `stream` (route-stream.ts) and `embed` (route-embedding.ts)
 * are routed the same way.
 */
export class LlmRouter {
  readonly routes: ModelRoutes;
  private readonly providers: Map<string, LlmProvider>;
  private readonly prices: PriceTable;
  private readonly breaker: CircuitBreaker;
  private readonly health = new TargetHealth();
  private readonly accounting: CallAccounting;
  private readonly deps: RouteCallDeps;

  constructor(private readonly options: LlmRouterOptions) {
    if (options.providers.length === 0) {
      throw new Error('LlmRouter needs at least one provider');
    }
    // Whatever is not given gets the documented defaults of an empty config.
    const defaults = new ConfigReader({});
    this.providers = new Map(options.providers.map(p => [p.id, p]));
    this.routes =
      options.routes ?? ModelRoutes.fromConfig(defaults, options.providers);
    this.prices = options.prices ?? PriceTable.fromConfig(defaults);
    this.breaker =
      options.breaker ?? new MemoryBreaker(readBreakerSettings(defaults));
    this.accounting = new CallAccounting({
      prices: this.prices,
      budgets: options.budgets,
      rateLimits: options.rateLimits,
      ledger: options.ledger,
    });
    this.deps = {
      loop: {
        providers: this.providers,
        breaker: this.breaker,
        health: this.health,
        retry: { ...readRetrySettings(defaults), ...options.retry },
      },
      routes: this.routes,
      prices: this.prices,
      stats: {
        meanLatency: t => this.health.meanLatency(targetKey(t)),
        price: t => this.prices.lookup(t),
      },
      accounting: this.accounting,
      resolve: (request, ctx) => this.resolve(request, ctx),
    };
  }

  /** The budget guard (rules in force, current use), when budgets are on. */
  get budgets(): BudgetGuard | undefined {
    return this.options.budgets;
  }

  /** The rate limiter (requests and tokens per minute per principal), when configured. */
  get rateLimits(): RateLimiter | undefined {
    return this.options.rateLimits;
  }

  /** Answers `request` through the route its `model` (an alias) names. */
  complete(
    request: LlmCompletionRequest,
    ctx: CallContext = {},
  ): Promise<RoutedCompletion> {
    return inRouterSpan('complete', request.model, ctx, () =>
      this.completeRouted(request, ctx),
    );
  }

  private async completeRouted(
    request: LlmCompletionRequest,
    ctx: CallContext,
  ): Promise<RoutedCompletion> {
    const started = performance.now();
    const route = this.resolve(request, ctx);
    const useCache = ctx.cache !== false;
    // Entries are the caller's own: no answer, and no hit, crosses callers.
    const scope = cacheScope(ctx);
    const key =
      this.options.cache && useCache
        ? cacheKey(route.alias, request, scope)
        : undefined;
    const semantic = useCache ? this.options.semanticCache : undefined;
    const [exact, reservation] = await Promise.all([
      key ? this.options.cache!.get(key) : undefined,
      this.accounting.reserveCompletion(route, request, ctx),
    ]);
    // A semantic cache failure (store or embedder down) is a miss.
    const hit =
      exact ??
      (semantic
        ? await semantic
            .lookup(route.alias, request, scope)
            .catch(() => undefined)
        : undefined);
    if (hit) {
      this.accounting.release(reservation);
      const info = this.accounting.recordServed(ctx, route, hit, {
        attempts: [],
        costUsd: 0,
        usage: NO_USAGE,
        started,
        cached: true,
        hold: reservation,
      });
      return { ...hit, route: info };
    }
    return this.accounting.withFailureRecorded(
      { ctx, route, reservation, started, stream: false },
      async () => {
        const { value, target, attempts } = await runRoute(
          this.deps,
          route,
          request,
          (provider, r) => provider.complete(r),
        );
        const costUsd = this.prices.cost(target, value.usage);
        this.accounting.settle(reservation, {
          tokens: value.usage.promptTokens + value.usage.completionTokens,
          usd: costUsd,
        });
        if (isCacheable(value)) {
          if (key) void this.options.cache!.set(key, value);
          void semantic
            ?.remember(route.alias, request, value, scope)
            .catch(() => undefined);
        }
        const info = this.accounting.recordServed(ctx, route, value, {
          attempts,
          costUsd,
          usage: value.usage,
          started,
          hold: reservation,
        });
        return { ...value, route: info };
      },
    );
  }

  /**
   * Streams `request`. Targets are tried (with fallback) until one yields its
   * first part; after that the stream belongs to that target, and a cut
   * surfaces as an error from `parts`, never as a clean end.
   */
  stream(
    request: LlmCompletionRequest,
    ctx: CallContext = {},
  ): Promise<RoutedStream> {
    return routeStream(this.deps, request, ctx);
  }

  /**
   * Embeds `request.input` through the alias `request.model`, routed like a
   * completion over the targets whose provider can embed.
   */
  embed(
    request: EmbeddingRequest,
    ctx: CallContext = {},
  ): Promise<RoutedEmbedding> {
    return inRouterSpan('embed', request.model, ctx, () =>
      routeEmbedding(this.deps, request, ctx),
    );
  }

  /** Aliases with at least one target that serves embeddings. */
  embeddingAliases(): string[] {
    return aliasesServingEmbeddings(this.routes, this.providers);
  }

  /** Each routed target's circuit state (the breaker gauge reads this). */
  async circuits() {
    return circuitsOf(await this.status());
  }

  /** Providers, their models and each target's breaker state and recent health. */
  status() {
    return routerStatus({
      providers: this.providers.values(),
      routes: this.routes,
      breaker: this.breaker,
      health: this.health,
    });
  }

  private resolve(request: { model?: string }, ctx: CallContext): ModelRoute {
    if (!ctx.pin) return this.routes.resolve(request.model);
    if (!this.providers.has(ctx.pin.provider)) {
      throw new InputError(
        `provider "${ctx.pin.provider}" is not configured; configured: ${[
          ...this.providers.keys(),
        ].join(', ')}`,
      );
    }
    const alias = targetKey(ctx.pin);
    return {
      alias,
      strategy: 'priority',
      targets: [{ ...ctx.pin, weight: 1 }],
    };
  }
}

function isCacheable(completion: LlmCompletion) {
  return (
    completion.finishReason !== 'error' && completion.finishReason !== 'other'
  );
}
