import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type express from 'express';
import Router from 'express-promise-router';
import {
  addHealthRoutes,
  jsonBody,
  type HealthMonitor,
  requestSpan,
} from '@internal/backstage-plugin-quantumlayer-node';
import { addArtifactRoutes } from './routes/artifacts';
import { RouteContext } from './routes/context';
import { addParseRoutes } from './routes/parse';
import { addPromptRoutes } from './routes/prompts';
import { addWorkflowRoutes } from './routes/workflows';
import { addUsageRelayRoutes } from './routes/usage-relay';
import {
  addPlatformPostureRoutes,
  PlatformPostureContext,
} from './routes/platform-posture';
import type { PartPlan } from '../roles/parts';
import type { PromptStore } from '../prompts/prompt-store';

/**
 * The plugin's Express router: health everywhere; the workflow API,
 * artifacts, prompts, parser and posture where the `workflow-api` part runs
 * (without a plan, everywhere), with `/v1/usage` relayed to
 * the router plugin. The LLM gateway, router status and budgets are the
 * router plugin's (`quantumlayer-router`).
 */
export async function createRouter(
  options: RouteContext &
    PlatformPostureContext & {
      health: HealthMonitor;
      prompts: PromptStore;
      plan?: Pick<PartPlan, 'servesWorkflowApi'>;
      auth: AuthService;
      discovery: DiscoveryService;
    },
): Promise<express.Router> {
  const plan = options.plan ?? { servesWorkflowApi: true };
  const router = Router();
  router.use(requestSpan);
  router.use(...jsonBody());
  addHealthRoutes(router, options);
  if (plan.servesWorkflowApi) {
    addWorkflowRoutes(router, options);
    addArtifactRoutes(router, options);
    addParseRoutes(router, options);
    addPromptRoutes(router, options);
    addPlatformPostureRoutes(router, options);
    addUsageRelayRoutes(router, options);
  }
  return router;
}
