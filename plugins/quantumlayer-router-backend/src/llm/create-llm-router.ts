import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-router-node';
import { OFFLINE_TEMPLATE_PROVIDER } from '@internal/backstage-plugin-quantumlayer-common';
import type { Knex } from 'knex';
import { CircuitBreaker, readBreakerSettings } from './breaker/circuit-breaker';
import { MemoryBreaker } from './breaker/memory-breaker';
import { SharedBreaker } from './breaker/shared-breaker';
import { BudgetGuard } from './budgets/budget-guard';
import { readBudgetRules } from './budgets/budget-rules';
import { RedisBudgetStore } from './budgets/budget-store';
import { BudgetRuleStore } from './budgets/budget-rule-store';
import { RuntimeBudgetRules } from './budgets/runtime-budget-rules';
import {
  MemoryResponseCache,
  RedisResponseCache,
  ResponseCache,
} from './cache/response-cache';
import { LlmRouter } from './llm-router';
import { ModelRoutes } from './model-routes';
import { PriceTable } from './prices';
import { fallbackProviders } from './fallback-providers';
import { createProviderFromConfig } from './providers/create-provider-from-config';
import { LocalEmbedderProvider } from './providers/local-embedder/index';
import {
  LOCAL_EMBEDDER_ID,
  readEmbeddingSettings,
  RouterEmbedder,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { RateLimiter } from './rate-limits/rate-limiter';
import { readRateLimitRules } from './rate-limits/rate-limit-rules';
import { RateLimitRuleStore } from './rate-limits/rate-limit-rule-store';
import { RedisRateLimitStore } from './rate-limits/rate-limit-store';
import { RuntimeRateLimitRules } from './rate-limits/runtime-rate-limit-rules';
import { RedisConnection } from './redis/redis-connection';
import { readRetrySettings } from './retry-policy';
import { UsageLedger } from './usage/usage-ledger';
import { VectorSemanticCache } from './cache/semantic-cache';
import { checkEmbeddingAlias } from './embeddings/check-embedding-alias';
import {
  COLLECTIONS,
  VectorStore,
} from '@internal/backstage-plugin-quantumlayer-node';

/** The router and the resources it holds open. */
export interface LlmRouterRuntime {
  router: LlmRouter;
  ledger?: UsageLedger;
  redis?: RedisConnection;
  stop(): Promise<void>;
}

/**
 * Builds the router from `quantumlayer.llm` and `quantumlayer.router`, plus
 * providers added by modules. With no provider configured, a model server
 * on loopback answers when discovery finds one; else the offline stand-ins
 * modules added, in development, and in production an error unless
 * `templateFallback: true` (see fallbackProviders). The offline
 * `local-embedder` always serves embeddings. With a vector store and
 * `quantumlayer.router.semanticCache.enabled`, near-identical prompts are
 * answered from its `prompts` collection.
 */
export async function createLlmRouter(options: {
  config: Config;
  logger: LoggerService;
  db?: Knex;
  extraProviders?: LlmProvider[];
  /** Offline stand-ins added by modules; the no-provider policy decides. */
  standIns?: LlmProvider[];
  vectorStore?: VectorStore;
  /** Defaults to `process.env`; tests set `NODE_ENV` here. */
  env?: NodeJS.ProcessEnv;
}): Promise<LlmRouterRuntime> {
  const { config, logger } = options;
  const providers = await Promise.all(
    (config.getOptionalConfigArray('quantumlayer.llm.providers') ?? []).map(
      (entry, i) =>
        createProviderFromConfig(entry, `quantumlayer.llm.providers[${i}]`),
    ),
  );
  providers.push(...(options.extraProviders ?? []));
  const ids = new Set<string>();
  for (const p of providers) {
    if (p.id === OFFLINE_TEMPLATE_PROVIDER)
      throw new Error(
        `quantumlayer.llm.providers: id "${p.id}" is reserved for the offline template provider (quantumlayer.llm.templateFallback); choose another id`,
      );
    if (ids.has(p.id))
      throw new Error(
        `quantumlayer.llm.providers: id "${p.id}" is used twice; give each provider its own id`,
      );
    ids.add(p.id);
  }
  for (const p of options.standIns ?? []) {
    if (ids.has(p.id))
      throw new Error(
        `quantumlayer.llm.providers: id "${p.id}" is the id of an offline stand-in a module added; choose another id`,
      );
  }
  providers.push(
    ...(await fallbackProviders({
      config,
      logger,
      configured: providers.length,
      standIns: options.standIns ?? [],
      env: options.env,
    })),
  );
  if (!ids.has(LOCAL_EMBEDDER_ID)) providers.push(new LocalEmbedderProvider());

  const redis = RedisConnection.fromConfig(config, logger);
  const breakerSettings = readBreakerSettings(config);
  const cacheConfig = config.getOptionalConfig('quantumlayer.router.cache');
  const ttl = cacheConfig?.getOptionalNumber('ttlSeconds') ?? 3600;
  let cache: ResponseCache | undefined;
  if (cacheConfig?.getOptionalBoolean('enabled') ?? true) {
    cache = redis
      ? new RedisResponseCache(redis, ttl)
      : new MemoryResponseCache(ttl);
  }
  const ledgerConfig = config.getOptionalConfig('quantumlayer.router.ledger');
  const ledger = options.db
    ? new UsageLedger(options.db, {
        flushIntervalMs: ledgerConfig?.getOptionalNumber('flushIntervalMs'),
        maxBatch: ledgerConfig?.getOptionalNumber('maxBatch'),
        logger,
      })
    : undefined;
  const breaker: CircuitBreaker = redis
    ? new SharedBreaker(redis, breakerSettings)
    : new MemoryBreaker(breakerSettings);
  const semanticConfig = config.getOptionalConfig(
    'quantumlayer.router.semanticCache',
  );
  // The semantic cache embeds through the router it serves.
  const built: { router?: LlmRouter } = {};
  let semanticCache: VectorSemanticCache | undefined;
  let semanticModel: string | undefined;
  if (semanticConfig?.getOptionalBoolean('enabled') && options.vectorStore) {
    const embeddings = readEmbeddingSettings(config);
    semanticModel =
      semanticConfig.getOptionalString('embeddingModel') ?? embeddings.model;
    semanticCache = new VectorSemanticCache({
      store: options.vectorStore,
      embedder: new RouterEmbedder(() => built.router!, semanticModel, {
        ctx: { caller: 'plugin:quantumlayer/semantic-cache' },
        dimensions: embeddings.dimensions,
      }),
      collection: COLLECTIONS.prompts,
      settings: {
        minScore: semanticConfig.getOptionalNumber('minScore') ?? 0.95,
        ttlSeconds: semanticConfig.getOptionalNumber('ttlSeconds') ?? ttl,
      },
    });
  }
  const router = new LlmRouter({
    providers,
    routes: ModelRoutes.fromConfig(config, providers),
    prices: PriceTable.fromConfig(config),
    retry: readRetrySettings(config),
    breaker,
    cache,
    semanticCache,
    budgets: new BudgetGuard(
      budgetRules(config, logger, options.db),
      redis ? new RedisBudgetStore(redis) : undefined,
      logger,
    ),
    rateLimits: new RateLimiter(
      rateLimitRules(config, logger, options.db),
      redis ? new RedisRateLimitStore(redis) : undefined,
      logger,
    ),
    ledger,
    logger,
  });
  built.router = router;
  if (semanticModel) {
    checkEmbeddingAlias(
      router,
      semanticModel,
      'quantumlayer.router.semanticCache.embeddingModel',
    );
  }
  logger.info(
    `LLM router: providers ${providers.map(p => p.id).join(', ')}; state ${
      redis ? 'shared in Redis' : 'per replica'
    }${
      semanticModel
        ? `; semantic cache on ${options.vectorStore!.kind} (${semanticModel})`
        : ''
    }`,
  );
  return {
    router,
    ledger,
    redis,
    async stop() {
      await ledger?.stop();
      router.rateLimits?.close();
      await router.budgets?.close();
      await breaker.close?.();
      await redis?.close();
    },
  };
}

/** The configured budget rules, merged with those set through the API when there is a database. */
function budgetRules(config: Config, logger: LoggerService, db?: Knex) {
  const configured = readBudgetRules(config);
  if (!db) return configured;
  return new RuntimeBudgetRules(configured, new BudgetRuleStore(db), {
    reloadMs: config.getOptionalNumber('quantumlayer.router.budgetReloadMs'),
    logger,
  });
}

/** The configured rate limits, merged with those set through the API when there is a database. */
function rateLimitRules(config: Config, logger: LoggerService, db?: Knex) {
  const configured = readRateLimitRules(config);
  if (!db) return configured;
  return new RuntimeRateLimitRules(configured, new RateLimitRuleStore(db), {
    reloadMs: config.getOptionalNumber('quantumlayer.router.budgetReloadMs'),
    logger,
  });
}
