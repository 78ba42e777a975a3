import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { LlmProvider } from './provider';

/**
 * Lets modules add LLM providers to the QuantumLayer router.
 *
 * @public
 */
export interface QuantumlayerLlmProvidersExtensionPoint {
  /** A provider the router routes to, beside the configured ones. */
  addProvider(provider: LlmProvider): void;
  /**
   * An offline stand-in: answers without a model (the code-generation
   * package's offline template is one). The router uses stand-ins only as its
   * no-provider policy allows: in development when no provider is configured
   * and no local model server answers, and with
   * `quantumlayer.llm.templateFallback: true` (also as a last resort); never
   * silently in production.
   */
  addStandIn(provider: LlmProvider): void;
}

/** @public */
export const quantumlayerLlmProvidersExtensionPoint =
  createExtensionPoint<QuantumlayerLlmProvidersExtensionPoint>({
    id: 'quantumlayer.llmProviders',
  });
