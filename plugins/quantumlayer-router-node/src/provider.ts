/** Who wrote a chat message. @public */
export type LlmRole = 'system' | 'user' | 'assistant' | 'tool';

/** A function call the model asked for. @public */
export interface LlmToolCall {
  id: string;
  name: string;
  /** The arguments as the model wrote them: JSON text, not parsed. */
  arguments: string;
}

/** One chat message sent to a model. @public */
export interface LlmMessage {
  role: LlmRole;
  /** Text; may be empty for an assistant message that only calls tools. */
  content: string;
  /** Assistant messages only: the calls the model made. */
  toolCalls?: LlmToolCall[];
  /** Tool messages only: the call this message answers. */
  toolCallId?: string;
}

/** A function the model may call. @public */
export interface LlmToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

/** Whether and which tool the model must call. @public */
export type LlmToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** One set of finish reasons for every vendor; unknown values become `other`. @public */
export type LlmFinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'error'
  | 'other';

/** Token counts as the vendor reported them. @public */
export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

/** What a caller asks of a provider. @public */
export interface LlmCompletionRequest {
  messages: LlmMessage[];
  /**
   * The vendor's model name (or Azure deployment's model). The router always
   * sets it; a provider called directly falls back to its configured default.
   */
  model?: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  stop?: string[];
  tools?: LlmToolDefinition[];
  toolChoice?: LlmToolChoice;
  /** `json` asks for one JSON object (native JSON mode where the vendor has one). */
  responseFormat?: 'text' | 'json';
  /**
   * The caller's labels for this request: string keys and values, as in
   * OpenAI's `metadata`. The router keys its cache on them and hands them to
   * the provider; network providers do not send them to the vendor. A
   * provider a caller registers for itself may read labels of its own.
   */
  metadata?: Record<string, string>;
  abortSignal?: AbortSignal;
}

/** A provider's answer. @public */
export interface LlmCompletion {
  text: string;
  toolCalls?: LlmToolCall[];
  provider: string;
  /** The model the vendor says answered (may be more specific than asked). */
  model: string;
  usage: LlmUsage;
  finishReason: LlmFinishReason;
}

/**
 * One piece of a streamed answer. A well-formed stream ends with exactly one
 * `finish` part; a stream that stops without one was cut, and consumers must
 * treat it as an error.
 *
 * @public
 */
export type LlmStreamPart =
  | { type: 'text-delta'; text: string }
  | {
      type: 'tool-call-delta';
      /** Position of the call in the answer; deltas of one call share it. */
      index: number;
      /** Sent with the first delta of a call. */
      id?: string;
      /** Sent with the first delta of a call. */
      name?: string;
      argumentsDelta: string;
    }
  | {
      type: 'finish';
      finishReason: LlmFinishReason;
      usage?: LlmUsage;
      model?: string;
    };

/**
 * What a caller asks of an embedding model: one vector per input text.
 *
 * @public
 */
export interface LlmEmbeddingRequest {
  /** Texts to embed, in order; the answer keeps the order. */
  input: string[];
  /**
   * The vendor's embedding model. The router always sets it; a provider
   * called directly falls back to its first embedding model.
   */
  model?: string;
  /** Shorter vectors, for models that can give them (OpenAI's text-embedding-3). */
  dimensions?: number;
  abortSignal?: AbortSignal;
}

/** A provider's embeddings, one per input text, in order. @public */
export interface LlmEmbeddingResult {
  embeddings: number[][];
  provider: string;
  model: string;
  /** Input tokens as the vendor counted them (an estimate for local models). */
  usage: { promptTokens: number };
}

/**
 * A chat-completion provider. The router picks among these; each wraps one
 * vendor's API or, for the embedded default, an offline generator.
 *
 * @public
 */
export interface LlmProvider {
  /** Stable id used in config, logs and results, e.g. `openai` or `template`. */
  readonly id: string;
  /** Models this provider serves, for `GET /v1/models` and implicit routes. */
  readonly models?: readonly string[];
  complete(request: LlmCompletionRequest): Promise<LlmCompletion>;
  /**
   * Streams the answer part by part as the vendor sends it, without
   * buffering. Throws LlmProviderError, also mid-stream.
   */
  stream?(request: LlmCompletionRequest): AsyncIterable<LlmStreamPart>;
  /**
   * Embedding models this provider serves (implicit `<id>/<model>` aliases).
   * A provider that lists these and no `models` serves embeddings only and
   * is left out of the default chat route.
   */
  readonly embeddingModels?: readonly string[];
  /** Embeds texts; throws LlmProviderError like `complete`. */
  embed?(request: LlmEmbeddingRequest): Promise<LlmEmbeddingResult>;
}

/**
 * An error from a provider call; `retryable` is true only for 408, 409, 429
 * and 5xx (or network failures), and nothing else may decide retries.
 *
 * @public
 */
export class LlmProviderError extends Error {
  readonly provider: string;
  readonly status?: number;
  readonly retryable: boolean;
  /** From the vendor's Retry-After (or retry-after-ms) header, when sent. */
  readonly retryAfterMs?: number;

  constructor(options: {
    provider: string;
    message: string;
    status?: number;
    retryable: boolean;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'LlmProviderError';
    this.provider = options.provider;
    this.status = options.status;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * The one retry rule: 408, 409, 429 and 5xx, and failures without a status
 * (connection resets, timeouts).
 *
 * @public
 */
export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Reads `retry-after-ms` or `retry-after` (seconds or an HTTP date) into
 * milliseconds; undefined when absent or unreadable.
 *
 * @public
 */
export function parseRetryAfter(
  get: (name: string) => string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = Number(get('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && get('retry-after-ms')) return ms;
  const raw = get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
