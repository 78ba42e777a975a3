import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { LlmProvider } from './llm';
import type { HealthCheck } from './health';

/**
 * Lets modules add LLM providers to the QuantumLayer router.
 *
 * @public
 */
export interface QuantumlayerLlmProvidersExtensionPoint {
  addProvider(provider: LlmProvider): void;
}

/** @public */
export const quantumlayerLlmProvidersExtensionPoint =
  createExtensionPoint<QuantumlayerLlmProvidersExtensionPoint>({
    id: 'quantumlayer.llmProviders',
  });

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
