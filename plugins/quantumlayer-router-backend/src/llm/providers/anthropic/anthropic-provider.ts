import Anthropic from '@anthropic-ai/sdk';
import type { Config } from '@backstage/config';
import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
  LlmStreamPart,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { prepareRequest } from '../shared/prepare-request';
import { streamCutError } from '../shared/provider-errors';
import { mapVendorStream } from '../shared/vendor-stream';
import { prepareAnthropicTools } from './anthropic-prepare-tools';
import {
  toAnthropicProviderError,
  toAnthropicStreamError,
} from './anthropic-error';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages';
import { mapAnthropicMessage } from './map-anthropic-message';
import { AnthropicStreamMapper } from './map-anthropic-stream-event';

/** Anthropic's API root when the config names none. */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** Settings of one Anthropic provider instance. */
export interface AnthropicProviderSettings {
  /** Provider id in routes, results and logs. Default `anthropic`. */
  id?: string;
  apiKey: string;
  /** Default https://api.anthropic.com */
  baseUrl?: string;
  /** Served models; the first answers requests that name none. */
  models?: string[];
  /** Sent when a request has no maxTokens; Anthropic requires one. Default 4096. */
  defaultMaxTokens?: number;
  /** Per-attempt timeout. Default 120000. */
  timeoutMs?: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

type AnthropicParams = Omit<
  Anthropic.MessageCreateParamsNonStreaming,
  'stream'
>;

/**
 * Claude through the official SDK (Messages API, API version 2026-10-21).
 *
 * - `responseFormat: 'json'` adds a system instruction: the API has no JSON mode.
 * - `temperature` and `topP` are not sent: this API version rejects them with
 *   a 400 (the SDK no longer has the fields), so they are ignored here.
 * - SDK retries are off; the router owns retries and fallback.
 */
export class AnthropicProvider implements LlmProvider {
  readonly id: string;
  readonly models?: readonly string[];
  private readonly client: Anthropic;
  private readonly defaultMaxTokens: number;
  private readonly secrets: string[];

  constructor(settings: AnthropicProviderSettings) {
    this.id = settings.id ?? 'anthropic';
    this.models = settings.models;
    this.defaultMaxTokens = settings.defaultMaxTokens ?? 4096;
    this.secrets = [settings.apiKey];
    this.client = new Anthropic({
      apiKey: settings.apiKey,
      baseURL: settings.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL,
      timeout: settings.timeoutMs ?? 120_000,
      maxRetries: 0,
      fetch: settings.fetch,
    });
  }

  async complete(request: LlmCompletionRequest): Promise<LlmCompletion> {
    const params = this.prepare(request);
    try {
      const message = await this.client.messages.create(
        { ...params, stream: false },
        { signal: request.abortSignal },
      );
      return mapAnthropicMessage(this.id, message);
    } catch (error) {
      throw toAnthropicProviderError(this.id, error, this.secrets);
    }
  }

  async *stream(request: LlmCompletionRequest): AsyncIterable<LlmStreamPart> {
    const params = this.prepare(request);
    let events: AsyncIterable<Anthropic.RawMessageStreamEvent>;
    try {
      events = await this.client.messages.create(
        { ...params, stream: true },
        { signal: request.abortSignal },
      );
    } catch (error) {
      throw toAnthropicProviderError(this.id, error, this.secrets);
    }
    const finished = yield* mapVendorStream(
      events,
      new AnthropicStreamMapper(),
      {
        provider: this.id,
        abortSignal: request.abortSignal,
        toStreamError: error =>
          toAnthropicStreamError(this.id, error, this.secrets),
      },
    );
    if (!finished) {
      throw streamCutError(this.id, 'the response ended without message_stop');
    }
  }

  private prepare(request: LlmCompletionRequest): AnthropicParams {
    return prepareRequest(
      this.id,
      request,
      this.models,
      ({ model, jsonMode }) => ({
        model,
        max_tokens: request.maxTokens ?? this.defaultMaxTokens,
        ...convertToAnthropicMessages(request.messages, { jsonMode }),
        ...(request.stop?.length ? { stop_sequences: request.stop } : {}),
        ...prepareAnthropicTools(request.tools, request.toolChoice),
      }),
    );
  }
}

/**
 * Builds an AnthropicProvider from one `quantumlayer.llm.providers` entry of
 * type `anthropic` (see config.d.ts).
 */
export function createAnthropicProviderFromConfig(
  config: Config,
): AnthropicProvider {
  const type = config.getOptionalString('type');
  if (type !== undefined && type !== 'anthropic') {
    throw new Error(
      `createAnthropicProviderFromConfig got a provider of type "${type}"; pass an entry with type "anthropic"`,
    );
  }
  return new AnthropicProvider({
    id: config.getOptionalString('id'),
    apiKey: config.getString('apiKey'),
    baseUrl: config.getOptionalString('baseUrl'),
    models: config.getOptionalStringArray('models'),
    defaultMaxTokens: config.getOptionalNumber('defaultMaxTokens'),
    timeoutMs: config.getOptionalNumber('timeoutMs'),
  });
}
