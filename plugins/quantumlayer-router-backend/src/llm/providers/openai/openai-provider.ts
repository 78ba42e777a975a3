import type { Config } from '@backstage/config';
import { OpenAiChatProvider } from './openai-chat-provider';
import { openAiChatProviderFromConfig } from './openai-chat-provider-from-config';
import { OpenAiClientOverrides } from './openai-client-options';

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
  return openAiChatProviderFromConfig(
    config,
    {
      id: 'openai',
      baseUrl: OPENAI_DEFAULT_BASE_URL,
      clientOptions: {
        organization: config.getOptionalString('organization') ?? null,
      },
      maxTokensParameter: 'max_completion_tokens',
    },
    overrides,
  );
}
