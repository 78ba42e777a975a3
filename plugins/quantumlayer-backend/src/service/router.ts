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
import type { UsageLedger } from '../llm/usage/usage-ledger';
import type { PromptStore } from '../prompts/prompt-store';

/**
 * The plugin's Express router: health, workflow API, artifact downloads and
 * the LLM gateway (OpenAI- and Anthropic-compatible, router status, usage).
 */
export async function createRouter(
  options: RouteContext &
    GatewayContext &
    PlatformPostureContext & {
      health: HealthMonitor;
      ledger?: UsageLedger;
      prompts: PromptStore;
    },
): Promise<express.Router> {
  const router = Router();
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
  addWorkflowRoutes(router, options);
  addArtifactRoutes(router, options);
  addGatewayRoutes(router, options);
  addRouterStatusRoutes(router, options);
  addParseRoutes(router, options);
  addPromptRoutes(router, options);
  addPlatformPostureRoutes(router, options);
  return router;
}
