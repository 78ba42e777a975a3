import {
  isRetryableStatus,
  LlmProviderError,
  parseRetryAfter,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import type { ZodError } from 'zod/v4';
import {
  abortedError,
  answeredError,
  describeError,
  requestFailedError,
  sanitizeErrorText,
  streamCutError,
} from '../shared/provider-errors';
import { openAiErrorDataSchema } from './openai-chat-api';

/** What the error mapping needs to know besides the error. */
export interface OpenAiErrorContext {
  /** Provider id, the first word of every message. */
  provider: string;
  /** Strings that must never appear in a message (the API key). */
  secrets?: readonly string[];
  /** A failure while reading an answered stream means the stream was cut. */
  phase: 'request' | 'stream';
  /** The caller's signal: once aborted, every failure is the abort. */
  abortSignal?: AbortSignal;
}

/** The vendor's own words: `error.message` of the body, else its text. */
function vendorMessage(error: APIError): string {
  const data = openAiErrorDataSchema.safeParse(error.error);
  if (data.success) return data.data.message;
  if (typeof error.error === 'string' && error.error) return error.error;
  // No `{ error: { message } }` body: the SDK's message is "<status> <text>",
  // or "<status> status code (no body)" when the JSON held no `error` key.
  const text = error.message.replace(/^\d{3}\s+/, '');
  return text === 'status code (no body)'
    ? 'no error message in the answer'
    : text;
}

/** A 2xx answer that does not have the documented shape. */
export function invalidResponseError(provider: string, error: ZodError) {
  const where = error.issues
    .slice(0, 3)
    .map(
      issue =>
        `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
    )
    .join('; ');
  return new LlmProviderError({
    provider,
    message: `${provider} answered in a shape this adapter cannot read: ${where}`,
    retryable: false,
    cause: error,
  });
}

/**
 * Maps anything thrown around an SDK call to an LlmProviderError: status and
 * `Retry-After` from the answer, `retryable` from the one retry rule, the
 * vendor's message sanitized (secrets redacted, clipped to 300 characters).
 * Prompts are never part of a message.
 */
export function toOpenAiProviderError(
  error: unknown,
  context: OpenAiErrorContext,
): LlmProviderError {
  const { provider, secrets } = context;
  if (error instanceof LlmProviderError) return error;
  if (context.abortSignal?.aborted || error instanceof APIUserAbortError) {
    return abortedError(provider, context.abortSignal?.reason);
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmProviderError({
      provider,
      message: `${provider} did not answer before the timeout`,
      retryable: isRetryableStatus(undefined),
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    return new LlmProviderError({
      provider,
      message: `${provider} could not be reached: ${describeError(
        error.cause,
        secrets,
      )}`,
      retryable: isRetryableStatus(undefined),
      cause: error,
    });
  }
  if (error instanceof APIError) {
    if (error.status === undefined) {
      // An `error` event inside an answered stream.
      return new LlmProviderError({
        provider,
        message: `${provider} sent an error mid-stream: ${sanitizeErrorText(
          vendorMessage(error),
          secrets,
        )}`,
        retryable: isRetryableStatus(undefined),
        cause: error,
      });
    }
    return answeredError(
      provider,
      {
        status: error.status,
        message: vendorMessage(error),
        retryAfterMs: parseRetryAfter(name => error.headers?.get(name)),
        cause: error,
      },
      secrets,
    );
  }
  if (context.phase === 'stream') {
    if (error instanceof SyntaxError) {
      return new LlmProviderError({
        provider,
        message: `${provider} sent a stream event that is not JSON`,
        retryable: false,
        cause: error,
      });
    }
    return streamCutError(provider, describeError(error, secrets), error);
  }
  return requestFailedError(provider, error, { retryable: false, secrets });
}
