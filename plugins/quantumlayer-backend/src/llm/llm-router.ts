import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
  LlmProviderError,
  LlmStreamPart,
} from '@internal/backstage-plugin-quantumlayer-node';
import { CircuitBreaker, readBreakerSettings } from './breaker/circuit-breaker';
import { MemoryBreaker } from './breaker/memory-breaker';
import {
  BudgetGuard,
  estimateTokens,
  Reservation,
} from './budgets/budget-guard';
import { cacheKey } from './cache/cache-key';
import type { ResponseCache, SemanticCache } from './cache/response-cache';
import { streamCutError } from './providers/shared/provider-errors';
import { TargetHealth } from './target-health';
import { routerStatus } from './router-status';
import { ModelRoutes } from './model-routes';
import { PriceTable } from './prices';
import { readRetrySettings, RetrySettings } from './retry-policy';
import type {
  CallContext,
  EmbeddingRequest,
  ModelRoute,
  RouteInfo,
  RoutedCompletion,
  RoutedEmbedding,
} from './router-types';
import { targetKey } from './router-types';
import { runTargets, TargetLoopDeps } from './run-targets';
import { orderTargets } from './strategies';
import { streamOf } from './stream-of';
import type { UsageEntry, UsageLedger } from './usage/usage-ledger';
import { recordRouterCall } from '../metrics/quantumlayer-metrics';
import { inRouterSpan } from '../tracing/router-span';

const NO_USAGE = { promptTokens: 0, completionTokens: 0 };

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
  ledger?: UsageLedger;
  logger?: LoggerService;
}

/** A routed stream: where it goes, and its parts (ending in one `finish`). */
export interface RoutedStream {
  /** Known when the stream starts; cost and latency filled in at its end. */
  route: RouteInfo;
  parts: AsyncGenerator<LlmStreamPart>;
}

/**
 * The seam every LLM call goes through, in-process (workflow activities) and
 * over HTTP (the gateway endpoints): resolves the model alias, orders targets
 * by strategy, guards them with breakers and retries, serves exact-match
 * and semantic cache hits, reserves and settles budgets, and writes the
 * usage ledger; `embed` routes embeddings the same way.
 */
export class LlmRouter {
  readonly routes: ModelRoutes;
  private readonly providers: Map<string, LlmProvider>;
  private readonly prices: PriceTable;
  private readonly breaker: CircuitBreaker;
  private readonly health = new TargetHealth();
  private readonly loop: TargetLoopDeps;

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
    this.loop = {
      providers: this.providers,
      breaker: this.breaker,
      health: this.health,
      retry: { ...readRetrySettings(defaults), ...options.retry },
    };
  }

  /** The budget guard (rules in force, current use), when budgets are on. */
  get budgets(): BudgetGuard | undefined {
    return this.options.budgets;
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
    const key =
      this.options.cache && useCache
        ? cacheKey(route.alias, request)
        : undefined;
    const semantic = useCache ? this.options.semanticCache : undefined;
    const [exact, reservation] = await Promise.all([
      key ? this.options.cache!.get(key) : undefined,
      this.reserve(route, request, ctx),
    ]);
    // A semantic cache failure (store or embedder down) is a miss.
    const hit =
      exact ??
      (semantic
        ? await semantic.lookup(route.alias, request).catch(() => undefined)
        : undefined);
    if (hit) {
      void this.options.budgets?.settle(reservation, { tokens: 0, usd: 0 });
      const info = this.info(route, hit, [], 0, true, started);
      this.record(ctx, info, NO_USAGE, 'cached', false);
      return { ...hit, route: info };
    }
    try {
      const { value, target, attempts } = await runTargets(
        this.loop,
        route.alias,
        orderTargets(route, this.stats),
        request,
        (provider, r) => provider.complete(r),
      );
      const costUsd = this.prices.cost(target, value.usage);
      void this.options.budgets?.settle(reservation, {
        tokens: value.usage.promptTokens + value.usage.completionTokens,
        usd: costUsd,
      });
      if (isCacheable(value)) {
        if (key) void this.options.cache!.set(key, value);
        void semantic
          ?.remember(route.alias, request, value)
          .catch(() => undefined);
      }
      const info = this.info(route, value, attempts, costUsd, false, started);
      this.record(ctx, info, value.usage, 'ok', false);
      return { ...value, route: info };
    } catch (error) {
      void this.options.budgets?.settle(reservation, { tokens: 0, usd: 0 });
      this.logFailure(ctx, route, error, started, false);
      throw error;
    }
  }

  /**
   * Streams `request`. Targets are tried (with fallback) until one yields its
   * first part; after that the stream belongs to that target, and a cut
   * surfaces as an error from `parts`, never as a clean end.
   */
  async stream(
    request: LlmCompletionRequest,
    ctx: CallContext = {},
  ): Promise<RoutedStream> {
    const started = performance.now();
    const route = this.resolve(request, ctx);
    const reservation = await this.reserve(route, request, ctx);
    let opened;
    try {
      opened = await runTargets(
        this.loop,
        route.alias,
        orderTargets(route, this.stats),
        request,
        async (provider, r) => {
          const iterator = streamOf(provider, r)[Symbol.asyncIterator]();
          const first = await iterator.next();
          if (first.done)
            throw streamCutError(
              provider.id,
              'the stream ended before its first part',
            );
          return { iterator, first: first.value };
        },
      );
    } catch (error) {
      void this.options.budgets?.settle(reservation, { tokens: 0, usd: 0 });
      this.logFailure(ctx, route, error, started, true);
      throw error;
    }
    const { value, target, attempts } = opened;
    const info: RouteInfo = {
      alias: route.alias,
      provider: target.provider,
      model: target.model,
      attempts,
      costUsd: 0,
      cached: false,
      latencyMs: 0,
    };
    return {
      route: info,
      parts: this.relay(value, info, reservation, ctx, started),
    };
  }

  private async *relay(
    opened: { iterator: AsyncIterator<LlmStreamPart>; first: LlmStreamPart },
    info: RouteInfo,
    reservation: Reservation | undefined,
    ctx: CallContext,
    started: number,
  ): AsyncGenerator<LlmStreamPart> {
    let finish: Extract<LlmStreamPart, { type: 'finish' }> | undefined;
    let part: LlmStreamPart = opened.first;
    try {
      for (;;) {
        if (part.type === 'finish') {
          finish = part;
          // Known before the last part goes out, so writers can report it.
          info.costUsd = this.prices.cost(info, part.usage ?? NO_USAGE);
          if (part.model) info.model = part.model;
          info.latencyMs = performance.now() - started;
        }
        yield part;
        if (finish) break;
        const next = await opened.iterator.next();
        if (next.done)
          throw streamCutError(
            info.provider,
            'the stream ended without a finish reason',
          );
        part = next.value;
      }
    } finally {
      // Unfinished here means cut upstream or the consumer stopped reading.
      if (!finish) void opened.iterator.return?.();
      const usage = finish?.usage ?? NO_USAGE;
      if (!finish) info.latencyMs = performance.now() - started;
      void this.options.budgets?.settle(reservation, {
        tokens: usage.promptTokens + usage.completionTokens,
        usd: info.costUsd,
      });
      this.record(ctx, info, usage, finish ? 'ok' : 'error', true);
    }
  }

  /**
   * Embeds `request.input` through the alias `request.model`, routed like a
   * completion (strategy, breakers, retries and fallback, budgets at the
   * input price, the ledger) over the targets whose provider can embed.
   * Not cached: embedding again costs less than a cache round trip.
   */
  embed(
    request: EmbeddingRequest,
    ctx: CallContext = {},
  ): Promise<RoutedEmbedding> {
    return inRouterSpan('embed', request.model, ctx, () =>
      this.embedRouted(request, ctx),
    );
  }

  private async embedRouted(
    request: EmbeddingRequest,
    ctx: CallContext,
  ): Promise<RoutedEmbedding> {
    const started = performance.now();
    const resolved = this.resolve(request, ctx);
    const route = {
      ...resolved,
      targets: resolved.targets.filter(t => this.servesEmbeddings(t)),
    };
    if (route.targets.length === 0) {
      const aliases = this.embeddingAliases();
      throw new InputError(
        `model "${route.alias}" has no target that serves embeddings; ${
          aliases.length
            ? `use one of ${aliases.join(', ')}`
            : 'no configured provider serves embeddings'
        }`,
      );
    }
    const tokens = request.input.reduce(
      (n, text) => n + Math.ceil(text.length / 4),
      0,
    );
    const reservation = await this.reserveUsage(route, ctx, tokens);
    try {
      const { value, target, attempts } = await runTargets(
        this.loop,
        route.alias,
        orderTargets(route, this.stats),
        request,
        (provider, r) => provider.embed!(r),
      );
      const usage = {
        promptTokens: value.usage.promptTokens,
        completionTokens: 0,
      };
      const costUsd = this.prices.cost(target, usage);
      void this.options.budgets?.settle(reservation, {
        tokens: usage.promptTokens,
        usd: costUsd,
      });
      const info: RouteInfo = {
        alias: route.alias,
        provider: value.provider,
        model: value.model,
        attempts,
        costUsd,
        cached: false,
        latencyMs: performance.now() - started,
      };
      this.record(ctx, info, usage, 'ok', false);
      return { ...value, route: info };
    } catch (error) {
      void this.options.budgets?.settle(reservation, { tokens: 0, usd: 0 });
      this.logFailure(ctx, route, error, started, false);
      throw error;
    }
  }

  /** Aliases with at least one target that serves embeddings. */
  embeddingAliases(): string[] {
    return this.routes
      .list()
      .filter(r => r.targets.some(t => this.servesEmbeddings(t)))
      .map(r => r.alias);
  }

  /** A target embeds when its provider can and lists the model in `embeddingModels`. */
  private servesEmbeddings(target: { provider: string; model: string }) {
    const provider = this.providers.get(target.provider);
    return (
      !!provider?.embed && !!provider.embeddingModels?.includes(target.model)
    );
  }

  /** Each routed target's circuit state (the breaker gauge reads this). */
  async circuits() {
    const { providers } = await this.status();
    return providers.flatMap(p =>
      p.targets.map(t => ({
        provider: p.id,
        model: t.model,
        state: t.circuit,
      })),
    );
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

  private readonly stats = {
    meanLatency: (t: { provider: string; model: string }) =>
      this.health.meanLatency(targetKey(t)),
    price: (t: { provider: string; model: string }) => this.prices.lookup(t),
  };

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

  private async reserve(
    route: ModelRoute,
    request: LlmCompletionRequest,
    ctx: CallContext,
  ): Promise<Reservation | undefined> {
    if (!this.options.budgets?.enabled) return undefined;
    return this.reserveUsage(
      route,
      ctx,
      estimateTokens(request.messages, request.maxTokens),
    );
  }

  private async reserveUsage(
    route: ModelRoute,
    ctx: CallContext,
    tokens: number,
  ): Promise<Reservation | undefined> {
    const budgets = this.options.budgets;
    if (!budgets?.enabled) return undefined;
    // Reserve at the dearest target's price, so a fallback cannot overspend.
    const usd = Math.max(
      0,
      ...route.targets.map(t =>
        this.prices.cost(t, { promptTokens: tokens, completionTokens: 0 }),
      ),
    );
    return budgets.reserve(ctx, { tokens, usd });
  }

  private info(
    route: ModelRoute,
    completion: LlmCompletion,
    attempts: RouteInfo['attempts'],
    costUsd: number,
    cached: boolean,
    started: number,
  ): RouteInfo {
    return {
      alias: route.alias,
      provider: completion.provider,
      model: completion.model,
      attempts,
      costUsd,
      cached,
      latencyMs: performance.now() - started,
    };
  }

  private logFailure(
    ctx: CallContext,
    route: ModelRoute,
    error: unknown,
    started: number,
    stream: boolean,
  ) {
    const attempts = (error as { attempts?: unknown[] })?.attempts;
    this.record(
      ctx,
      {
        alias: route.alias,
        provider: (error as LlmProviderError)?.provider ?? '',
        model: '',
        attempts: [],
        costUsd: 0,
        cached: false,
        latencyMs: performance.now() - started,
      },
      NO_USAGE,
      'error',
      stream,
      attempts?.length ?? 1,
    );
  }

  private record(
    ctx: CallContext,
    info: RouteInfo,
    usage: LlmCompletion['usage'],
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
    this.options.ledger?.record({
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

function isCacheable(completion: LlmCompletion) {
  return (
    completion.finishReason !== 'error' && completion.finishReason !== 'other'
  );
}
