/** One chat message sent to a model. @public */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What the generator asks of a provider. @public */
export interface LlmCompletionRequest {
  messages: LlmMessage[];
  /** Model override; providers fall back to their configured default. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  /**
   * Structured hints for offline providers that cannot read free text.
   * OpenAI-compatible providers ignore it.
   */
  task?: {
    kind: 'plan' | 'code' | 'tests' | 'repair';
    language: string;
    type: string;
    projectName: string;
    prompt: string;
    feedback?: string;
  };
  abortSignal?: AbortSignal;
}

/** A provider's answer. @public */
export interface LlmCompletion {
  text: string;
  provider: string;
  model: string;
  usage: { promptTokens: number; completionTokens: number };
  finishReason: 'stop' | 'length' | 'content-filter' | 'error' | 'other';
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
  complete(request: LlmCompletionRequest): Promise<LlmCompletion>;
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

  constructor(options: {
    provider: string;
    message: string;
    status?: number;
    retryable: boolean;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'LlmProviderError';
    this.provider = options.provider;
    this.status = options.status;
    this.retryable = options.retryable;
  }
}
