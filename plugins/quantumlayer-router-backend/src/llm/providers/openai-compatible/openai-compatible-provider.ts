import type { Config } from '@backstage/config';
import OpenAI from 'openai';
import {
  DEFAULT_TIMEOUT_MS,
  openAiClientDefaults,
  OpenAiChatProvider,
  OpenAiClientOverrides,
} from '../openai/index';
import {
  OpenAiChatClient,
  OpenAiWireClient,
} from '../openai/openai-wire-client';

/**
 * Builds an `openai-compatible` provider (vLLM, Ollama, LM Studio, …): the
 * base URL comes from config and the key is optional (without one, no
 * `Authorization` header is sent). `models` lists the served models, the
 * first being the default; the deprecated single `model` counts as
 * `models: [model]`. `streamUsage: false` leaves out `stream_options` for
 * servers that reject it.
 *
 * Requests go over the lean OpenAiWireClient (same wire, same errors, a
 * fraction of the SDK's per-call cost, which matters for servers next door);
 * `useOfficialSdk: true`, or an injected `fetch`, uses the official SDK.
 */
export function createOpenAiCompatibleProviderFromConfig(
  config: Config,
  overrides: OpenAiClientOverrides = {},
): OpenAiChatProvider {
  const apiKey = config.getOptionalString('apiKey') || undefined;
  const model = config.getOptionalString('model');
  const baseURL = config.getString('baseUrl');
  const timeoutMs = config.getOptionalNumber('timeoutMs');
  let client: OpenAiChatClient;
  if (config.getOptionalBoolean('useOfficialSdk') || overrides.fetch) {
    client = new OpenAI({
      ...openAiClientDefaults({ timeoutMs, fetch: overrides.fetch }),
      // The SDK insists on a key; an empty one plus a removed header sends none.
      apiKey: apiKey ?? '',
      baseURL,
      ...(apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    });
  } else {
    client = new OpenAiWireClient({
      baseURL,
      apiKey,
      timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }
  return new OpenAiChatProvider({
    id: config.getOptionalString('id') ?? 'openai-compatible',
    client,
    models: config.getOptionalStringArray('models') ?? (model ? [model] : []),
    embeddingModels: config.getOptionalStringArray('embeddingModels'),
    streamUsage: config.getOptionalBoolean('streamUsage') ?? true,
  });
}
