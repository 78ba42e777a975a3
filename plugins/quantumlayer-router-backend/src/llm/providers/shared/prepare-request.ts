import type { LlmCompletionRequest } from '@internal/backstage-plugin-quantumlayer-router-node';
import { isJsonMode } from './json-mode';
import { invalidRequestError, noModelError } from './provider-errors';

/** What every adapter's request builder gets besides the request. */
export interface PrepareContext {
  /** The requested model, else the first configured one. */
  model: string;
  /** `responseFormat: 'json'`, for APIs that spell it as an instruction. */
  jsonMode: boolean;
}

/**
 * Resolves the model (the request's, else the first configured) and builds
 * the vendor request with `build`. Nothing reaches the wire when either
 * fails: a missing model or a message the vendor cannot express becomes a
 * permanent LlmProviderError.
 */
export function prepareRequest<T>(
  provider: string,
  request: LlmCompletionRequest,
  models: readonly string[] | undefined,
  build: (context: PrepareContext) => T,
): T {
  const model = request.model ?? models?.[0];
  if (!model) throw noModelError(provider);
  try {
    return build({ model, jsonMode: isJsonMode(request) });
  } catch (error) {
    throw invalidRequestError(provider, error);
  }
}
