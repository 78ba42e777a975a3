import type Router from 'express-promise-router';
import type { HealthCheck } from '@internal/backstage-plugin-quantumlayer-node';
import { runHealthChecks } from '../../health/health-service';

/** `GET /health`, unauthenticated: 200 when every check is ok, else 503 with the report. */
export function addHealthRoutes(
  router: ReturnType<typeof Router>,
  checks: HealthCheck[],
) {
  router.get('/health', async (_req, res) => {
    const report = await runHealthChecks(checks);
    res.status(report.status === 'down' ? 503 : 200).json(report);
  });
}
