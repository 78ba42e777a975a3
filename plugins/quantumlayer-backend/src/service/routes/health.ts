import type Router from 'express-promise-router';
import type { HealthMonitor } from '../../health/health-monitor';
import type { RouteContext } from './context';

/**
 * Probes and the health page's data:
 * - `GET /health`: liveness, unauthenticated; 200 while the plugin serves.
 * - `GET /ready`: readiness, unauthenticated; 503 naming the critical
 *   checks (database, Temporal) that are down.
 * - `GET /health/details`: every check with status, latency, message,
 *   details and last change; needs a user or service token.
 */
export function addHealthRoutes(
  router: ReturnType<typeof Router>,
  ctx: Pick<RouteContext, 'httpAuth'> & { health: HealthMonitor },
) {
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/ready', async (_req, res) => {
    const { ready, failing } = await ctx.health.ready();
    res
      .status(ready ? 200 : 503)
      .json(ready ? { status: 'ready' } : { status: 'not ready', failing });
  });

  router.get('/health/details', async (req, res) => {
    await ctx.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const report = await ctx.health.details();
    res.json(report);
  });
}
