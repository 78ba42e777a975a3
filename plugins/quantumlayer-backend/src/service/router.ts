import express from 'express';
import Router from 'express-promise-router';
import { InputError } from '@backstage/errors';
import type { HealthMonitor } from '../health/health-monitor';
import { addArtifactRoutes } from './routes/artifacts';
import { RouteContext } from './routes/context';
import { addHealthRoutes } from './routes/health';
import { addParseRoutes } from './routes/parse';
import { addPromptRoutes } from './routes/prompts';
import { addWorkflowRoutes } from './routes/workflows';
import { addGatewayRoutes } from './routes/llm-gateway';
import { addRouterStatusRoutes } from './routes/llm-router-status';
import {
  addPlatformPostureRoutes,
  PlatformPostureContext,
} from './routes/platform-posture';
import type { GatewayContext } from './gateway/gateway-context';
import { addRouterRpcRoutes } from './routes/router-rpc';
import { requestSpan } from '@internal/backstage-plugin-quantumlayer-node';
import { addBudgetRoutes, BudgetRouteContext } from './routes/budgets';
import type {
  LlmRouterClient,
  CallerClaims,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { RolePlan } from '../roles/plugin-roles';
import type { UsageLedger } from '../llm/usage/usage-ledger';
import type { PromptStore } from '../prompts/prompt-store';

/**
 * The plugin's Express router: health and router status everywhere; the
 * workflow API, artifacts, prompts, parser and posture where the roles
 * include `gateway` or `workflow-api`; the LLM gateway (OpenAI- and
 * Anthropic-compatible), the router endpoints of the other roles and the
 * runtime budgets (`/v1/budgets`) where they include `router`. Without a plan, every route is served.
 */
export async function createRouter(
  options: RouteContext &
    Omit<GatewayContext, 'router'> &
    PlatformPostureContext &
    Pick<BudgetRouteContext, 'userInfo'> & {
      /** The router to serve the gateway with; unset where it runs elsewhere. */
      router?: GatewayContext['router'];
      /** What `/v1/router/providers` reports: the local or remote router. */
      routerClient?: Pick<LlmRouterClient, 'status'>;
      health: HealthMonitor;
      ledger?: UsageLedger;
      prompts: PromptStore;
      plan?: Pick<RolePlan, 'servesWorkflowApi' | 'servesRouterApi'>;
      /** Verifies the claims other roles send to the router endpoints. */
      claims?: CallerClaims;
    },
): Promise<express.Router> {
  const plan = options.plan ?? {
    servesWorkflowApi: true,
    servesRouterApi: true,
  };
  const router = Router();
  router.use(requestSpan);
  if (plan.servesRouterApi && !options.router) {
    throw new Error('the router role needs the in-process LLM router');
  }
  const gateway = options.router
    ? { ...options, router: options.router }
    : undefined;
  // Before the JSON parser: the gateway's paths are open to Backstage's auth
  // policy, so its handlers authenticate first and read the body after.
  if (plan.servesRouterApi && gateway) addGatewayRoutes(router, gateway);
  router.use(express.json({ limit: '1mb' }));
  // body-parser's failures become InputErrors, so clients get 400 with the reason.
  router.use(
    (
      error: Error & { type?: string },
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error.type === 'entity.parse.failed') {
        next(
          new InputError(`request body is not valid JSON: ${error.message}`),
        );
      } else {
        next(error);
      }
    },
  );
  addHealthRoutes(router, options);
  const status = options.routerClient ?? options.router;
  if (status) addRouterStatusRoutes(router, { ...options, router: status });
  if (plan.servesWorkflowApi) {
    addWorkflowRoutes(router, options);
    addArtifactRoutes(router, options);
    addParseRoutes(router, options);
    addPromptRoutes(router, options);
    addPlatformPostureRoutes(router, options);
  }
  if (plan.servesRouterApi && gateway) {
    addRouterRpcRoutes(router, gateway);
    addBudgetRoutes(router, gateway);
  }
  return router;
}
