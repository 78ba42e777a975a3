import type { Config } from '@backstage/config';
import OpenAI, { ClientOptions } from 'openai';
import { OpenAiMaxTokensParameter } from './convert-to-openai-chat-request';
import { OpenAiChatProvider } from './openai-chat-provider';
import {
  openAiClientDefaults,
  OpenAiClientOverrides,
} from './openai-client-options';

/** What a bearer-key provider type (`openai`, `groq`) sets on top of config. */
export interface OpenAiEndpointDefaults {
  /** Provider id when the config names none. */
  id: string;
  /** API root when the config names none. */
  baseUrl: string;
  /** Further SDK client options, e.g. OpenAI's `organization` header. */
  clientOptions?: Pick<ClientOptions, 'organization'>;
  /** Body field for `maxTokens`. Default `max_tokens`. */
  maxTokensParameter?: OpenAiMaxTokensParameter;
}

/**
 * Builds an OpenAiChatProvider for an endpoint that takes a bearer key, from
 * the keys such providers share: `id`, `apiKey` (required), `baseUrl`,
 * `models`, `embeddingModels` and `timeoutMs`.
 */
export function openAiChatProviderFromConfig(
  config: Config,
  defaults: OpenAiEndpointDefaults,
  overrides: OpenAiClientOverrides = {},
): OpenAiChatProvider {
  const client = new OpenAI({
    ...openAiClientDefaults({
      timeoutMs: config.getOptionalNumber('timeoutMs'),
      fetch: overrides.fetch,
    }),
    apiKey: config.getString('apiKey'),
    baseURL: config.getOptionalString('baseUrl') ?? defaults.baseUrl,
    ...defaults.clientOptions,
  });
  return new OpenAiChatProvider({
    id: config.getOptionalString('id') ?? defaults.id,
    client,
    models: config.getOptionalStringArray('models'),
    embeddingModels: config.getOptionalStringArray('embeddingModels'),
    maxTokensParameter: defaults.maxTokensParameter,
  });
}
