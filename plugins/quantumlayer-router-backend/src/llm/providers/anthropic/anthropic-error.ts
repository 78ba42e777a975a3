import Anthropic from '@anthropic-ai/sdk';
import {
  LlmProviderError,
  parseRetryAfter,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { z } from 'zod';
import {
  abortedError,
  answeredError,
  describeError,
  requestFailedError,
  streamCutError,
} from '../shared/provider-errors';

/** Anthropic's error body: `{ type: 'error', error: { type, message } }`. */
const anthropicErrorSchema = z.object({
  error: z.object({
    type: z.string().nullish(),
    message: z.string().nullish(),
  }),
});

/**
 * Statuses of Anthropic's error types, for errors that arrive without one:
 * an `event: error` inside a stream that started with 200.
 */
const STATUS_OF_ERROR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * Maps what the Anthropic SDK throws to an LlmProviderError. The message
 * carries the vendor's own (truncated, key redacted) and never the prompt.
 */
export function toAnthropicProviderError(
  provider: string,
  error: unknown,
  secrets: readonly string[] = [],
): LlmProviderError {
  if (error instanceof LlmProviderError) return error;
  if (error instanceof Anthropic.APIUserAbortError) {
    return abortedError(provider, error);
  }
  if (error instanceof Anthropic.APIError && !isConnectionError(error)) {
    const body = anthropicErrorSchema.safeParse(error.error);
    const type = body.success ? body.data.error.type : undefined;
    return answeredError(
      provider,
      {
        status: error.status ?? (type ? STATUS_OF_ERROR_TYPE[type] : undefined),
        type: type ?? undefined,
        message:
          (body.success ? body.data.error.message : undefined) ?? error.message,
        retryAfterMs: error.headers
          ? parseRetryAfter(name => error.headers?.get(name))
          : undefined,
        cause: error,
      },
      secrets,
    );
  }
  return requestFailedError(provider, error, { retryable: true, secrets });
}

/**
 * A stream that broke off (socket closed, body cut) before `message_stop`.
 * Errors the vendor sent inside the stream keep their own mapping.
 */
export function toAnthropicStreamError(
  provider: string,
  error: unknown,
  secrets: readonly string[] = [],
): LlmProviderError {
  if (
    error instanceof LlmProviderError ||
    (error instanceof Anthropic.APIError && !isConnectionError(error))
  ) {
    return toAnthropicProviderError(provider, error, secrets);
  }
  return streamCutError(provider, describeError(error, secrets), error);
}

function isConnectionError(error: InstanceType<typeof Anthropic.APIError>) {
  return error instanceof Anthropic.APIConnectionError;
}
