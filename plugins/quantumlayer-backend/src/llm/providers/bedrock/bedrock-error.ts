import {
  isRetryableStatus,
  LlmProviderError,
  parseRetryAfter,
} from '@internal/backstage-plugin-quantumlayer-node';
import { z } from 'zod';

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

const MAX_MESSAGE_CHARS = 300;

/** What an error message may carry: no credentials, and not too much. */
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
    return new LlmProviderError({
      provider,
      status,
      retryable: isRetryableStatus(status),
      retryAfterMs: parseRetryAfter(name => headerOf(headers, name)),
      message: sanitizeErrorText(
        `${provider} answered ${status ?? 'with an error'} (${e.name}): ${
          e.originalMessage ?? e.message ?? 'no message'
        }`,
        secrets,
      ),
    });
  }
  const name = (error as Error | undefined)?.name ?? '';
  if (name === 'AbortError') return abortedError(provider, error);
  return new LlmProviderError({
    provider,
    retryable: !PERMANENT_CLIENT_ERRORS.has(name),
    message: sanitizeErrorText(
      `${provider} request failed: ${describe(error)}`,
      secrets,
    ),
    cause: error,
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
  return streamCutError(
    provider,
    sanitizeErrorText(describe(error), secrets),
    error,
  );
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
    message: sanitizeErrorText(
      `${provider} stream was cut before messageStop: ${detail}`,
      [],
    ),
    cause,
  });
}

function headerOf(headers: Record<string, unknown>, name: string) {
  const key = Object.keys(headers).find(k => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
