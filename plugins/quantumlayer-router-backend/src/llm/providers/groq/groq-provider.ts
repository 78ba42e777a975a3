import type { Config } from '@backstage/config';
import {
  OpenAiChatProvider,
  openAiChatProviderFromConfig,
  OpenAiClientOverrides,
} from '../openai/index';

/** Groq's OpenAI-compatible API root when the config names none. */
export const GROQ_DEFAULT_BASE_URL = 'https://api.groq.com/openai/v1';

/**
 * Builds the `groq` provider: OpenAI's wire protocol at Groq's base URL with
 * a bearer key. Groq's usage on the finishing chunk (`x_groq.usage`) is read
 * by the shared stream conversion.
 */
export function createGroqProviderFromConfig(
  config: Config,
  overrides: OpenAiClientOverrides = {},
): OpenAiChatProvider {
  return openAiChatProviderFromConfig(
    config,
    { id: 'groq', baseUrl: GROQ_DEFAULT_BASE_URL },
    overrides,
  );
}
