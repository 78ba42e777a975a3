import Anthropic from '@anthropic-ai/sdk';
import {
  isRetryableStatus,
  LlmProviderError,
  parseRetryAfter,
} from '@internal/backstage-plugin-quantumlayer-node';
import { z } from 'zod';

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

const MAX_MESSAGE_CHARS = 300;

/** What an error message may carry: no keys, and not too much. */
export function sanitizeErrorText(
  text: string,
  secrets: readonly string[],
): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret) clean = clean.split(secret).join('[redacted]');
  }
  return clean.length > MAX_MESSAGE_CHARS
    ? `${clean.slice(0, MAX_MESSAGE_CHARS - 1)}…`
    : clean;
}

/** The caller aborted: not a provider fault, and not worth a retry. */
export function abortedError(provider: string, cause?: unknown) {
  return new LlmProviderError({
    provider,
    retryable: false,
    message: `${provider} request was aborted by the caller`,
    cause,
  });
}

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
    const vendorMessage =
      (body.success ? body.data.error.message : undefined) ?? error.message;
    const status =
      error.status ?? (type ? STATUS_OF_ERROR_TYPE[type] : undefined);
    return new LlmProviderError({
      provider,
      status,
      retryable: isRetryableStatus(status),
      retryAfterMs: error.headers
        ? parseRetryAfter(name => error.headers?.get(name))
        : undefined,
      message: sanitizeErrorText(
        `${provider} answered ${status ?? 'with an error'}${
          type ? ` (${type})` : ''
        }: ${vendorMessage}`,
        secrets,
      ),
    });
  }
  return new LlmProviderError({
    provider,
    retryable: true,
    message: sanitizeErrorText(
      `${provider} request failed: ${describe(error)}`,
      secrets,
    ),
    cause: error,
  });
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
  return streamCutError(provider, describe(error), error);
}

/** The retryable error for a stream that ended before its stop event. */
export function streamCutError(
  provider: string,
  detail: string,
  cause?: unknown,
): LlmProviderError {
  return new LlmProviderError({
    provider,
    retryable: true,
    message: `${provider} stream was cut before message_stop: ${detail}`,
    cause,
  });
}

function isConnectionError(error: InstanceType<typeof Anthropic.APIError>) {
  return error instanceof Anthropic.APIConnectionError;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error && cause.message !== error.message
      ? `${error.message} (${cause.message})`
      : error.message;
  }
  return String(error);
}
