import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { HealthCheck } from './health/health-check';

/**
 * Lets modules add checks to `GET /health`.
 *
 * @public
 */
export interface QuantumlayerHealthChecksExtensionPoint {
  addHealthCheck(check: HealthCheck): void;
}

/** @public */
export const quantumlayerHealthChecksExtensionPoint =
  createExtensionPoint<QuantumlayerHealthChecksExtensionPoint>({
    id: 'quantumlayer.healthChecks',
  });
