import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { LlmProvider } from './provider';

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
