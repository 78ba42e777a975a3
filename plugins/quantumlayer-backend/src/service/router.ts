import express from 'express';
import Router from 'express-promise-router';
import { InputError } from '@backstage/errors';
import type { HealthCheck } from '@internal/backstage-plugin-quantumlayer-node';
import { addArtifactRoutes } from './routes/artifacts';
import { RouteContext } from './routes/context';
import { addHealthRoutes } from './routes/health';
import { addWorkflowRoutes } from './routes/workflows';

/** The plugin's Express router: health, workflow API and artifact downloads. */
export async function createRouter(
  options: RouteContext & { healthChecks: HealthCheck[] },
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
  addHealthRoutes(router, options.healthChecks);
  addWorkflowRoutes(router, options);
  addArtifactRoutes(router, options);
  return router;
}
