import type express from 'express';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { PlatformPosture } from '../../platform/platform-posture';

/** What the posture route needs; `posture` comes from createPlatformPosture. */
export interface PlatformPostureContext {
  httpAuth: HttpAuthService;
  posture?: PlatformPosture;
}

/**
 * `GET /v1/platform/posture`: Deployments, CloudNativePG, Istio and the
 * posture rules' verdicts for any signed-in user or service. The report is
 * cached by the posture reader (`quantumlayer.kubernetes.cacheSeconds`).
 */
export function addPlatformPostureRoutes(
  router: express.Router,
  ctx: PlatformPostureContext,
) {
  router.get('/v1/platform/posture', async (req, res) => {
    await ctx.httpAuth.credentials(req, { allow: ['user', 'service'] });
    if (!ctx.posture) {
      throw new ServiceUnavailableError(
        'platform posture is not wired into this backend; pass createPlatformPosture({ config, logger }) to createRouter as posture',
      );
    }
    res.json(await ctx.posture.report());
  });
}
