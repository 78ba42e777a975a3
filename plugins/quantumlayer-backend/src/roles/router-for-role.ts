import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  LlmProvider,
  CallerClaims,
  LlmRouterClient,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { Knex } from 'knex';
import { createLlmRouter } from '../llm/create-llm-router';
import type { LlmRouter } from '../llm/llm-router';
import type { RedisConnection } from '../llm/redis/redis-connection';
import { UsageLedger } from '../llm/usage/usage-ledger';
import type { VectorStore } from '@internal/backstage-plugin-quantumlayer-node';
import type { RolePlan } from './plugin-roles';

/** The router this deployment calls, and what it holds open. */
export interface RouterForRole {
  router: LlmRouterClient;
  /** Set where the router runs in this process (role `router`). */
  local?: LlmRouter;
  /** The usage ledger (written by the local router; read-only elsewhere). */
  ledger?: UsageLedger;
  redis?: RedisConnection;
  stop(): Promise<void>;
}

/**
 * The in-process router where this deployment has the `router` role; else
 * the router role's endpoints through discovery, with the shared ledger
 * table for usage reports.
 */
export async function routerForRole(options: {
  plan: RolePlan;
  config: Config;
  logger: LoggerService;
  db: Knex;
  extraProviders?: LlmProvider[];
  vectorStore: VectorStore;
  /** The router role's client (`llmRouterServiceRef`), where this deployment has no router role. */
  remoteRouter?: LlmRouterClient;
  /** Signs claims for the service principals this deployment relays. */
  claims?: CallerClaims;
}): Promise<RouterForRole> {
  if (options.plan.router === 'local') {
    const llm = await createLlmRouter(options);
    return { ...llm, router: llm.router, local: llm.router };
  }
  if (!options.remoteRouter) {
    throw new Error(
      `quantumlayer.roles [${options.plan.roles.join(
        ', ',
      )}] has no router role, so the router is called through discovery; pass the llmRouterServiceRef client`,
    );
  }
  const ledger = new UsageLedger(options.db, { logger: options.logger });
  return {
    router: options.remoteRouter,
    ledger,
    stop: () => ledger.stop(),
  };
}
