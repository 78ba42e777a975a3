import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
} from '@internal/backstage-plugin-quantumlayer-node';
import OpenAI from 'openai';
import { toProviderError } from './openai-compatible-error';
import { mapFinishReason } from './map-openai-compatible-finish-reason';

/** Settings of an OpenAI-compatible endpoint (OpenAI itself, vLLM, Ollama, …). */
export interface OpenAiCompatibleSettings {
  /** Provider id used in results and logs. */
  id: string;
  baseURL: string;
  apiKey: string;
  model: string;
  timeoutMs?: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** A chat-completions provider that speaks the OpenAI wire protocol through the official SDK. */
export class OpenAiCompatibleProvider implements LlmProvider {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly model: string;

  constructor(settings: OpenAiCompatibleSettings) {
    this.id = settings.id;
    this.model = settings.model;
    this.client = new OpenAI({
      apiKey: settings.apiKey,
      baseURL: settings.baseURL,
      timeout: settings.timeoutMs ?? 120_000,
      // The router and Temporal own retries; the SDK must not retry behind them.
      maxRetries: 0,
      fetch: settings.fetch,
    });
  }

  async complete(request: LlmCompletionRequest): Promise<LlmCompletion> {
    const model = request.model ?? this.model;
    try {
      const response = await this.client.chat.completions.create(
        {
          model,
          messages: request.messages,
          temperature: request.temperature,
          max_tokens: request.maxTokens,
        },
        { signal: request.abortSignal },
      );
      const choice = response.choices[0];
      return {
        text: choice?.message?.content ?? '',
        provider: this.id,
        model: response.model ?? model,
        usage: {
          promptTokens: response.usage?.prompt_tokens ?? 0,
          completionTokens: response.usage?.completion_tokens ?? 0,
        },
        finishReason: mapFinishReason(choice?.finish_reason),
      };
    } catch (error) {
      throw toProviderError(this.id, error);
    }
  }
}
