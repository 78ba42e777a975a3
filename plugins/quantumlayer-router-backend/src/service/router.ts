import type express from 'express';
import Router from 'express-promise-router';
import {
  addHealthRoutes,
  jsonBody,
  type HealthMonitor,
  requestSpan,
} from '@internal/backstage-plugin-quantumlayer-node';
import type { CallerClaims } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { GatewayContext } from '../gateway/gateway-context';
import type { UsageLedger } from '../llm/usage/usage-ledger';
import { addBudgetRoutes, BudgetRouteContext } from './routes/budgets';
import { addGatewayRoutes } from './routes/llm-gateway';
import { addRouterStatusRoutes } from './routes/llm-router-status';
import { addRouterRpcRoutes } from './routes/router-rpc';

/** What the router plugin's routes need. */
export type RouterRoutesContext = GatewayContext &
  Omit<BudgetRouteContext, 'router'> & {
    health: HealthMonitor;
    ledger?: UsageLedger;
    /** Verifies the claims the codegen plugin sends with its calls. */
    claims?: CallerClaims;
  };

/**
 * The router plugin's Express router: the OpenAI- and Anthropic-compatible
 * gateway, the router endpoints the other plugins call (`/v1/router/*`),
 * router status and usage, runtime budgets (`/v1/budgets`) and health.
 */
export async function createRouter(
  ctx: RouterRoutesContext,
): Promise<express.Router> {
  const router = Router();
  router.use(requestSpan);
  // Before the JSON parser: the gateway's paths are open to Backstage's auth
  // policy, so its handlers authenticate first and read the body after.
  addGatewayRoutes(router, ctx);
  router.use(...jsonBody());
  addHealthRoutes(router, ctx);
  addRouterStatusRoutes(router, ctx);
  addRouterRpcRoutes(router, ctx);
  addBudgetRoutes(router, ctx);
  return router;
}
