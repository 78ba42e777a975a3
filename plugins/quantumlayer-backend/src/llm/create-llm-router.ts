import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-node';
import type { Knex } from 'knex';
import { CircuitBreaker, readBreakerSettings } from './breaker/circuit-breaker';
import { MemoryBreaker } from './breaker/memory-breaker';
import { SharedBreaker } from './breaker/shared-breaker';
import { BudgetGuard } from './budgets/budget-guard';
import { readBudgetRules } from './budgets/budget-rules';
import { RedisBudgetStore } from './budgets/budget-store';
import {
  MemoryResponseCache,
  RedisResponseCache,
  ResponseCache,
} from './cache/response-cache';
import { LlmRouter } from './llm-router';
import { ModelRoutes } from './model-routes';
import { PriceTable } from './prices';
import { createProviderFromConfig } from './providers/create-provider-from-config';
import { TemplateProvider } from './providers/template/template-provider';
import { RedisConnection } from './redis/redis-connection';
import { readRetrySettings } from './retry-policy';
import { UsageLedger } from './usage/usage-ledger';

/** The router and the resources it holds open. */
export interface LlmRouterRuntime {
  router: LlmRouter;
  ledger?: UsageLedger;
  redis?: RedisConnection;
  stop(): Promise<void>;
}

/**
 * Builds the router from `quantumlayer.llm` and `quantumlayer.router`, plus
 * providers added by modules. With no provider configured the offline
 * template provider answers, so the portal works without keys.
 */
export function createLlmRouter(options: {
  config: Config;
  logger: LoggerService;
  db?: Knex;
  extraProviders?: LlmProvider[];
}): LlmRouterRuntime {
  const { config, logger } = options;
  const providers = (
    config.getOptionalConfigArray('quantumlayer.llm.providers') ?? []
  ).map((entry, i) =>
    createProviderFromConfig(entry, `quantumlayer.llm.providers[${i}]`),
  );
  providers.push(...(options.extraProviders ?? []));
  const ids = new Set<string>();
  for (const p of providers) {
    if (ids.has(p.id))
      throw new Error(
        `quantumlayer.llm.providers: id "${p.id}" is used twice; give each provider its own id`,
      );
    ids.add(p.id);
  }
  const useTemplate =
    config.getOptionalBoolean('quantumlayer.llm.templateFallback') ??
    providers.length === 0;
  if (useTemplate || providers.length === 0)
    providers.push(new TemplateProvider());

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
  const router = new LlmRouter({
    providers,
    routes: ModelRoutes.fromConfig(config, providers),
    prices: PriceTable.fromConfig(config),
    retry: readRetrySettings(config),
    breaker,
    cache,
    budgets: new BudgetGuard(
      readBudgetRules(config),
      redis ? new RedisBudgetStore(redis) : undefined,
      logger,
    ),
    ledger,
    logger,
  });
  logger.info(
    `LLM router: providers ${providers.map(p => p.id).join(', ')}; state ${
      redis ? 'shared in Redis' : 'per replica'
    }`,
  );
  return {
    router,
    ledger,
    redis,
    async stop() {
      await ledger?.stop();
      await breaker.close?.();
      await redis?.close();
    },
  };
}
