import {
  isRetryableStatus,
  LlmProviderError,
} from '@internal/backstage-plugin-quantumlayer-router-node';

/** The longest vendor or transport text an error message carries. */
const MAX_ERROR_TEXT_CHARS = 300;

/**
 * What an error message may carry: no secrets (keys, credentials), one line,
 * and at most 300 characters. Secrets are redacted before clipping, so no
 * part of one survives at the cut.
 */
export function sanitizeErrorText(
  text: string,
  secrets: readonly string[] = [],
): string {
  const redacted = secrets
    .filter(secret => secret.length > 0)
    .reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  const flat = redacted.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_ERROR_TEXT_CHARS
    ? `${flat.slice(0, MAX_ERROR_TEXT_CHARS - 1)}…`
    : flat;
}

/**
 * `fetch failed (other side closed)`: the messages of an error and up to two
 * of its causes, sanitized. A cause repeating its error's message is skipped.
 */
export function describeError(
  error: unknown,
  secrets: readonly string[] = [],
): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && isErrorLike(current); depth++) {
    if (current.message && current.message !== messages[messages.length - 1]) {
      messages.push(current.message);
    }
    current = current.cause;
  }
  const [first, ...rest] = messages;
  const text =
    first === undefined
      ? String(error)
      : `${first}${rest.length ? ` (${rest.join(': ')})` : ''}`;
  return sanitizeErrorText(text, secrets);
}

/**
 * An Error, also one from another realm (Node's fetch throws its own
 * TypeErrors, which fail `instanceof Error` inside a Jest sandbox).
 */
function isErrorLike(
  value: unknown,
): value is { message: string; cause?: unknown } {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { message?: unknown }).message === 'string')
  );
}

/** An error answer as a vendor sent it, for `answeredError`. */
export interface VendorErrorAnswer {
  /** The HTTP status, or the one the vendor's error type stands for. */
  status?: number;
  /** The vendor's error type or exception name, e.g. `rate_limit_error`. */
  type?: string;
  /** The vendor's own words; sanitized here. */
  message: string;
  /** From `Retry-After` (or `retry-after-ms`), when sent. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The vendor answered with an error: `<provider> answered 429
 * (rate_limit_error): <vendor text>`, retryable by the one retry rule (408,
 * 409, 429, 5xx and no status). The vendor text is sanitized; the prompt is
 * never part of it.
 */
export function answeredError(
  provider: string,
  answer: VendorErrorAnswer,
  secrets: readonly string[] = [],
): LlmProviderError {
  const { status, type } = answer;
  return new LlmProviderError({
    provider,
    status,
    retryable: isRetryableStatus(status),
    retryAfterMs: answer.retryAfterMs,
    message: `${provider} answered ${status ?? 'with an error'}${
      type ? ` (${type})` : ''
    }: ${sanitizeErrorText(answer.message, secrets)}`,
    cause: answer.cause,
  });
}

/**
 * The request got no answer (reset connection, unknown host, missing
 * credentials). Whether that is worth a retry depends on the transport, so
 * the adapter says.
 */
export function requestFailedError(
  provider: string,
  error: unknown,
  options: { retryable: boolean; secrets?: readonly string[] },
): LlmProviderError {
  return new LlmProviderError({
    provider,
    retryable: options.retryable,
    message: `${provider} request failed: ${describeError(
      error,
      options.secrets,
    )}`,
    cause: error,
  });
}

/** The caller aborted: not a provider fault, and not worth a retry. */
export function abortedError(
  provider: string,
  cause?: unknown,
): LlmProviderError {
  return new LlmProviderError({
    provider,
    retryable: false,
    message: `${provider} request was aborted by the caller`,
    cause,
  });
}

/**
 * A stream that stopped before its finish event: retry or fall back. `detail`
 * says how it ended and must already be sanitized.
 */
export function streamCutError(
  provider: string,
  detail: string,
  cause?: unknown,
): LlmProviderError {
  return new LlmProviderError({
    provider,
    retryable: true,
    message: `${provider} stream was cut before it finished (${detail})`,
    cause,
  });
}

/** A request that names no model, to a provider that has none configured. */
export function noModelError(provider: string): LlmProviderError {
  return new LlmProviderError({
    provider,
    retryable: false,
    message: `${provider} cannot send this request: it names no model and none is configured; set the request's model, or list models for provider "${provider}" in quantumlayer.llm.providers`,
  });
}

/**
 * A request the adapter cannot put on the wire (a message or tool call the
 * vendor's API cannot express): never worth a retry. An LlmProviderError
 * (e.g. a model without an Azure deployment) is kept as it is.
 */
export function invalidRequestError(
  provider: string,
  error: unknown,
): LlmProviderError {
  if (error instanceof LlmProviderError) return error;
  return new LlmProviderError({
    provider,
    retryable: false,
    message: `${provider} cannot send this request: ${
      error instanceof Error ? error.message : String(error)
    }`,
    cause: error,
  });
}
