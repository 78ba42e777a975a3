import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
  LlmStreamPart,
} from '@internal/backstage-plugin-quantumlayer-node';
import { prepareRequest } from '../shared/prepare-request';
import { convertOpenAiChatResponse } from './convert-openai-chat-response';
import {
  convertToOpenAiChatRequest,
  OpenAiChatRequestBody,
  OpenAiMaxTokensParameter,
} from './convert-to-openai-chat-request';
import { openAiChatResponseSchema } from './openai-chat-api';
import {
  invalidResponseError,
  OpenAiErrorContext,
  toOpenAiProviderError,
} from './openai-error';
import { toLlmStreamParts } from './openai-stream';
import type { OpenAiChatClient } from './openai-wire-client';

/** How one chat-completions endpoint is spoken to; variants are configuration. */
export interface OpenAiChatProviderOptions {
  /** Provider id in routes, results, logs and error messages. */
  id: string;
  /**
   * A configured SDK client (`OpenAI` or `AzureOpenAI`, retries off), or the
   * lean OpenAiWireClient for self-hosted OpenAI-compatible servers.
   */
  client: OpenAiChatClient;
  /** Served models; the first answers requests that name none. */
  models?: readonly string[];
  /**
   * The name sent as `model` for a requested model (Azure: its deployment).
   * May throw an LlmProviderError for a model it does not serve.
   */
  resolveModel?: (model: string) => string;
  /** Body field for `maxTokens`. Default `max_tokens`. */
  maxTokensParameter?: OpenAiMaxTokensParameter;
  /** Ask for a final usage chunk (`stream_options.include_usage`). Default true. */
  streamUsage?: boolean;
}

/**
 * An LlmProvider for any endpoint speaking OpenAI's chat-completions protocol,
 * through the official SDK. OpenAI, Azure OpenAI, Groq and OpenAI-compatible
 * servers differ only in the client and options they pass.
 */
export class OpenAiChatProvider implements LlmProvider {
  readonly id: string;
  readonly models: readonly string[];
  private readonly client: OpenAiChatClient;
  private readonly resolveModel: (model: string) => string;
  private readonly maxTokensParameter: OpenAiMaxTokensParameter;
  private readonly streamUsage: boolean;

  constructor(options: OpenAiChatProviderOptions) {
    this.id = options.id;
    this.client = options.client;
    this.models = [...(options.models ?? [])];
    this.resolveModel = options.resolveModel ?? (model => model);
    this.maxTokensParameter = options.maxTokensParameter ?? 'max_tokens';
    this.streamUsage = options.streamUsage ?? true;
  }

  async complete(request: LlmCompletionRequest): Promise<LlmCompletion> {
    const { body, model } = this.prepare(request);
    let response: unknown;
    try {
      response = await this.client.chat.completions.create(body, {
        signal: request.abortSignal,
      });
    } catch (error) {
      throw toOpenAiProviderError(error, this.errorContext(request, 'request'));
    }
    const parsed = openAiChatResponseSchema.safeParse(response);
    if (!parsed.success) throw invalidResponseError(this.id, parsed.error);
    return convertOpenAiChatResponse(parsed.data, {
      provider: this.id,
      requestedModel: model,
    });
  }

  async *stream(request: LlmCompletionRequest): AsyncGenerator<LlmStreamPart> {
    const { body } = this.prepare(request);
    let chunks: AsyncIterable<unknown>;
    try {
      chunks = (await this.client.chat.completions.create(
        {
          ...body,
          stream: true,
          ...(this.streamUsage
            ? { stream_options: { include_usage: true } }
            : {}),
        },
        { signal: request.abortSignal },
      )) as AsyncIterable<unknown>;
    } catch (error) {
      throw toOpenAiProviderError(error, this.errorContext(request, 'request'));
    }
    yield* toLlmStreamParts(chunks, this.errorContext(request, 'stream'));
  }

  /** Picks the model and builds the body; throws non-retryable errors. */
  private prepare(request: LlmCompletionRequest): {
    body: OpenAiChatRequestBody;
    model: string;
  } {
    return prepareRequest(this.id, request, this.models, ({ model }) => ({
      model,
      body: convertToOpenAiChatRequest(request, {
        model: this.resolveModel(model),
        maxTokensParameter: this.maxTokensParameter,
      }),
    }));
  }

  private errorContext(
    request: LlmCompletionRequest,
    phase: OpenAiErrorContext['phase'],
  ): OpenAiErrorContext {
    return {
      provider: this.id,
      secrets: [this.client.apiKey],
      phase,
      abortSignal: request.abortSignal,
    };
  }
}
