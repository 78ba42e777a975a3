import {
  isRetryableStatus,
  LlmProviderError,
  parseRetryAfter,
} from '@internal/backstage-plugin-quantumlayer-node';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import type { ZodError } from 'zod';
import { openAiErrorDataSchema } from './openai-chat-api';

/** A request this adapter cannot put on the wire; never worth a retry. */
export class InvalidLlmRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLlmRequestError';
  }
}

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

const MAX_VENDOR_MESSAGE = 300;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_VENDOR_MESSAGE
    ? `${flat.slice(0, MAX_VENDOR_MESSAGE - 3)}...`
    : flat;
}

function redact(text: string, secrets: readonly string[] = []): string {
  return secrets
    .filter(secret => secret.length > 0)
    .reduce((out, secret) => out.split(secret).join('[redacted]'), text);
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

/** `fetch failed (other side closed)`: the messages of an error and its causes. */
function describe(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth++) {
    if (current.message) messages.push(current.message);
    current = current.cause;
  }
  if (messages.length === 0) return String(error);
  const [first, ...rest] = messages;
  return rest.length ? `${first} (${rest.join(': ')})` : first;
}

/** The caller aborted: not a vendor failure, and not worth a retry. */
export function abortedError(provider: string, signal?: AbortSignal) {
  return new LlmProviderError({
    provider,
    message: `${provider} request was aborted by the caller`,
    retryable: false,
    cause: signal?.reason,
  });
}

/** A stream that stopped without its finish: retry or fall back. */
export function streamCutError(
  provider: string,
  detail: string,
  cause?: unknown,
) {
  return new LlmProviderError({
    provider,
    message: `${provider} stream was cut before it finished (${detail})`,
    retryable: true,
    cause,
  });
}

/** A 2xx answer that does not have the documented shape. */
export function invalidResponseError(provider: string, error: ZodError) {
  const where = error.issues
    .slice(0, 3)
    .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
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
 * vendor's message clipped to 300 characters, secrets redacted. Prompts are
 * never part of a message.
 */
export function toOpenAiProviderError(
  error: unknown,
  context: OpenAiErrorContext,
): LlmProviderError {
  const { provider, secrets } = context;
  if (error instanceof LlmProviderError) return error;
  if (context.abortSignal?.aborted || error instanceof APIUserAbortError) {
    return abortedError(provider, context.abortSignal);
  }
  if (error instanceof InvalidLlmRequestError) {
    return new LlmProviderError({
      provider,
      message: `${provider} cannot send this request: ${error.message}`,
      retryable: false,
      cause: error,
    });
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
      message: `${provider} could not be reached: ${clip(
        redact(describe(error.cause), secrets),
      )}`,
      retryable: isRetryableStatus(undefined),
      cause: error,
    });
  }
  if (error instanceof APIError) {
    const status = error.status;
    const text = clip(redact(vendorMessage(error), secrets));
    if (status === undefined) {
      // An `error` event inside an answered stream.
      return new LlmProviderError({
        provider,
        message: `${provider} sent an error mid-stream: ${text}`,
        retryable: isRetryableStatus(undefined),
        cause: error,
      });
    }
    return new LlmProviderError({
      provider,
      status,
      message: `${provider} answered ${status}: ${text}`,
      retryable: isRetryableStatus(status),
      retryAfterMs: parseRetryAfter(name => error.headers?.get(name)),
      cause: error,
    });
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
    return streamCutError(
      provider,
      clip(redact(describe(error), secrets)),
      error,
    );
  }
  return new LlmProviderError({
    provider,
    message: `${provider} request failed: ${clip(
      redact(describe(error), secrets),
    )}`,
    retryable: false,
    cause: error,
  });
}
