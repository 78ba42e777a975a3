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

/**
 * The fields of an AWS SDK service exception that we read. Exceptions that
 * arrive inside a ConverseStream (after a 200) carry no error status, so the
 * exception name and `originalStatusCode` fill in.
 */
const bedrockExceptionSchema = z.object({
  name: z.string(),
  message: z.string().nullish(),
  $fault: z.enum(['client', 'server']),
  $metadata: z.object({ httpStatusCode: z.number().nullish() }).nullish(),
  $response: z
    .object({ headers: z.record(z.string(), z.unknown()).nullish() })
    .nullish(),
  originalStatusCode: z.number().nullish(),
  originalMessage: z.string().nullish(),
});

/** HTTP statuses Bedrock documents for its exceptions. */
const STATUS_OF_EXCEPTION: Record<string, number> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  ModelNotReadyException: 429,
  ThrottlingException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
};

/** Failures before any request: missing or unusable credentials. */
const PERMANENT_CLIENT_ERRORS = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
]);

/**
 * Maps what the Bedrock SDK throws to an LlmProviderError. The message
 * carries the vendor's own (truncated) and never credentials or the prompt.
 */
export function toBedrockProviderError(
  provider: string,
  error: unknown,
  secrets: readonly string[] = [],
): LlmProviderError {
  if (error instanceof LlmProviderError) return error;
  const exception = bedrockExceptionSchema.safeParse(error);
  if (exception.success) {
    const e = exception.data;
    const httpStatus = e.$metadata?.httpStatusCode ?? undefined;
    const status =
      httpStatus !== undefined && httpStatus >= 400
        ? httpStatus
        : e.originalStatusCode ?? STATUS_OF_EXCEPTION[e.name];
    const headers = e.$response?.headers ?? {};
    return answeredError(
      provider,
      {
        status,
        type: e.name,
        message: e.originalMessage ?? e.message ?? 'no message',
        retryAfterMs: parseRetryAfter(name => headerOf(headers, name)),
        cause: error,
      },
      secrets,
    );
  }
  const name = (error as Error | undefined)?.name ?? '';
  if (name === 'AbortError') return abortedError(provider, error);
  return requestFailedError(provider, error, {
    retryable: !PERMANENT_CLIENT_ERRORS.has(name),
    secrets,
  });
}

/**
 * A ConverseStream that broke off (socket closed, frame cut) before
 * `messageStop`. Exceptions Bedrock sent inside the stream keep their own
 * mapping.
 */
export function toBedrockStreamError(
  provider: string,
  error: unknown,
  secrets: readonly string[] = [],
): LlmProviderError {
  if (
    error instanceof LlmProviderError ||
    bedrockExceptionSchema.safeParse(error).success ||
    (error as Error | undefined)?.name === 'AbortError'
  ) {
    return toBedrockProviderError(provider, error, secrets);
  }
  return streamCutError(provider, describeError(error, secrets), error);
}

function headerOf(headers: Record<string, unknown>, name: string) {
  const key = Object.keys(headers).find(k => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : undefined;
}
