import type { Config } from '@backstage/config';
import OpenAI from 'openai';
import { OpenAiChatProvider } from './openai-chat-provider';
import {
  openAiClientDefaults,
  OpenAiClientOverrides,
} from './openai-client-options';

/** OpenAI's API root when the config names none. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * Builds the `openai` provider from one `quantumlayer.llm.providers` entry
 * (`type: openai`). Sends `max_completion_tokens`, which OpenAI's reasoning
 * models require in place of the deprecated `max_tokens`.
 */
export function createOpenAiProviderFromConfig(
  config: Config,
  overrides: OpenAiClientOverrides = {},
): OpenAiChatProvider {
  const client = new OpenAI({
    ...openAiClientDefaults({
      timeoutMs: config.getOptionalNumber('timeoutMs'),
      fetch: overrides.fetch,
    }),
    apiKey: config.getString('apiKey'),
    baseURL: config.getOptionalString('baseUrl') ?? OPENAI_DEFAULT_BASE_URL,
    organization: config.getOptionalString('organization') ?? null,
  });
  return new OpenAiChatProvider({
    id: config.getOptionalString('id') ?? 'openai',
    client,
    models: config.getOptionalStringArray('models'),
    maxTokensParameter: 'max_completion_tokens',
  });
}
