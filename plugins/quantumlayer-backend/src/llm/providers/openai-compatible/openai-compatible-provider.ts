import type { Config } from '@backstage/config';
import OpenAI from 'openai';
import {
  openAiClientDefaults,
  OpenAiChatProvider,
  OpenAiClientOverrides,
} from '../openai';

/**
 * Builds an `openai-compatible` provider (vLLM, Ollama, LM Studio, …): the
 * base URL comes from config and the key is optional. Without a key no
 * `Authorization` header is sent at all (the SDK would otherwise send
 * `Bearer ` with an empty key). `models` lists the served models, the first
 * being the default; the deprecated single `model` counts as `models: [model]`.
 * `streamUsage: false` leaves out `stream_options` for servers that reject it.
 */
export function createOpenAiCompatibleProviderFromConfig(
  config: Config,
  overrides: OpenAiClientOverrides = {},
): OpenAiChatProvider {
  const apiKey = config.getOptionalString('apiKey') || undefined;
  const model = config.getOptionalString('model');
  const client = new OpenAI({
    ...openAiClientDefaults({
      timeoutMs: config.getOptionalNumber('timeoutMs'),
      fetch: overrides.fetch,
    }),
    // The SDK insists on a key; an empty one plus a removed header sends none.
    apiKey: apiKey ?? '',
    baseURL: config.getString('baseUrl'),
    ...(apiKey ? {} : { defaultHeaders: { Authorization: null } }),
  });
  return new OpenAiChatProvider({
    id: config.getOptionalString('id') ?? 'openai-compatible',
    client,
    models: config.getOptionalStringArray('models') ?? (model ? [model] : []),
    streamUsage: config.getOptionalBoolean('streamUsage') ?? true,
  });
}
