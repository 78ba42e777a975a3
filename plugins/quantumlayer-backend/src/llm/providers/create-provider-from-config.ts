import type { Config } from '@backstage/config';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-node';

type Factory = (config: Config) => LlmProvider;

/**
 * Each provider type's factory, loaded on first use: a deployment that only
 * configures OpenAI never loads the AWS or Anthropic SDKs.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const FACTORIES: Record<string, () => Factory> = {
  openai: () =>
    (
      require('./openai/openai-provider') as typeof import('./openai/openai-provider')
    ).createOpenAiProviderFromConfig,
  anthropic: () =>
    (
      require('./anthropic/anthropic-provider') as typeof import('./anthropic/anthropic-provider')
    ).createAnthropicProviderFromConfig,
  'azure-openai': () =>
    (
      require('./azure-openai/azure-openai-provider') as typeof import('./azure-openai/azure-openai-provider')
    ).createAzureOpenAiProviderFromConfig,
  bedrock: () =>
    (
      require('./bedrock/bedrock-provider') as typeof import('./bedrock/bedrock-provider')
    ).createBedrockProviderFromConfig,
  groq: () =>
    (require('./groq/groq-provider') as typeof import('./groq/groq-provider'))
      .createGroqProviderFromConfig,
  'openai-compatible': () =>
    (
      require('./openai-compatible/openai-compatible-provider') as typeof import('./openai-compatible/openai-compatible-provider')
    ).createOpenAiCompatibleProviderFromConfig,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** One `quantumlayer.llm.providers` entry → its provider, by `type`. */
export function createProviderFromConfig(
  entry: Config,
  path: string,
): LlmProvider {
  const type = entry.getString('type');
  const load = FACTORIES[type];
  if (!load) {
    throw new Error(
      `${path}.type "${type}" is not supported; use one of ${Object.keys(
        FACTORIES,
      ).join(', ')}`,
    );
  }
  return load()(entry);
}
