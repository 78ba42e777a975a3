import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmEmbeddingRequest,
  LlmEmbeddingResult,
  LlmProvider,
  LlmProviderError,
  LlmStreamPart,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { noModelError } from '../shared/provider-errors';
import { prepareRequest } from '../shared/prepare-request';
import { convertOpenAiChatResponse } from './convert-openai-chat-response';
import {
  convertToOpenAiChatRequest,
  OpenAiChatRequestBody,
  OpenAiMaxTokensParameter,
} from './convert-to-openai-chat-request';
import { openAiChatResponseSchema } from './openai-chat-api';
import {
  convertOpenAiEmbeddings,
  openAiEmbeddingResponseSchema,
} from './openai-embedding-api';
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
  /** Served embedding models (`POST /embeddings`); the first is the default. */
  embeddingModels?: readonly string[];
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
  readonly embeddingModels: readonly string[];
  private readonly client: OpenAiChatClient;
  private readonly resolveModel: (model: string) => string;
  private readonly maxTokensParameter: OpenAiMaxTokensParameter;
  private readonly streamUsage: boolean;

  constructor(options: OpenAiChatProviderOptions) {
    this.id = options.id;
    this.client = options.client;
    this.models = [...(options.models ?? [])];
    this.embeddingModels = [...(options.embeddingModels ?? [])];
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

  /**
   * `POST /embeddings` with `encoding_format: float` (self-hosted servers
   * rarely speak base64); vectors come back in input order.
   */
  async embed(request: LlmEmbeddingRequest): Promise<LlmEmbeddingResult> {
    const model = request.model ?? this.embeddingModels[0];
    if (!model) throw noModelError(this.id);
    let response: unknown;
    try {
      response = await this.client.embeddings.create(
        {
          model: this.resolveModel(model),
          input: request.input,
          encoding_format: 'float',
          ...(request.dimensions ? { dimensions: request.dimensions } : {}),
        },
        { signal: request.abortSignal },
      );
    } catch (error) {
      throw toOpenAiProviderError(error, {
        provider: this.id,
        secrets: [this.client.apiKey],
        phase: 'request',
        abortSignal: request.abortSignal,
      });
    }
    const parsed = openAiEmbeddingResponseSchema.safeParse(response);
    if (!parsed.success) throw invalidResponseError(this.id, parsed.error);
    const embeddings = convertOpenAiEmbeddings(parsed.data);
    if (embeddings.length !== request.input.length) {
      throw new LlmProviderError({
        provider: this.id,
        message: `${this.id} answered ${embeddings.length} embeddings for ${request.input.length} inputs`,
        retryable: false,
      });
    }
    return {
      embeddings,
      provider: this.id,
      model: parsed.data.model ?? model,
      usage: { promptTokens: parsed.data.usage?.prompt_tokens ?? 0 },
    };
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
