import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { Router } from 'express';
import type { HealthMonitor } from './health-monitor';

/**
 * Probes and the health page's data:
 * - `GET /health`: liveness, unauthenticated; 200 while the plugin serves.
 * - `GET /ready`: readiness, unauthenticated; 503 naming the critical
 *   checks (database, Temporal) that are down, by name only: their error
 *   messages (hosts, ports, driver errors) are for `/health/details`.
 * - `GET /health/details`: every check with status, latency, message,
 *   details and last change; needs a user or service token.
 *
 * @public
 */
export function addHealthRoutes(
  router: Router,
  ctx: { httpAuth: HttpAuthService; health: HealthMonitor },
) {
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/ready', async (_req, res) => {
    // The same round `ready()` reads, named without the checks' messages.
    const { checks } = await ctx.health.details();
    const failing = checks
      .filter(c => c.critical && c.status === 'down')
      .map(c => c.name);
    res
      .status(failing.length ? 503 : 200)
      .json(
        failing.length ? { status: 'not ready', failing } : { status: 'ready' },
      );
  });

  router.get('/health/details', async (req, res) => {
    await ctx.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const report = await ctx.health.details();
    res.json(report);
  });
}
