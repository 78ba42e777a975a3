import type { Config } from '@backstage/config';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-node';
import { createAnthropicProviderFromConfig } from './anthropic/anthropic-provider';
import { createAzureOpenAiProviderFromConfig } from './azure-openai/azure-openai-provider';
import { createBedrockProviderFromConfig } from './bedrock/bedrock-provider';
import { createGroqProviderFromConfig } from './groq/groq-provider';
import { createOpenAiCompatibleProviderFromConfig } from './openai-compatible/openai-compatible-provider';
import { createOpenAiProviderFromConfig } from './openai/openai-provider';

const FACTORIES: Record<string, (config: Config) => LlmProvider> = {
  openai: createOpenAiProviderFromConfig,
  anthropic: createAnthropicProviderFromConfig,
  'azure-openai': createAzureOpenAiProviderFromConfig,
  bedrock: createBedrockProviderFromConfig,
  groq: createGroqProviderFromConfig,
  'openai-compatible': createOpenAiCompatibleProviderFromConfig,
};

/** One `quantumlayer.llm.providers` entry → its provider, by `type`. */
export function createProviderFromConfig(
  entry: Config,
  path: string,
): LlmProvider {
  const type = entry.getString('type');
  const factory = FACTORIES[type];
  if (!factory) {
    throw new Error(
      `${path}.type "${type}" is not supported; use one of ${Object.keys(
        FACTORIES,
      ).join(', ')}`,
    );
  }
  return factory(entry);
}
