import type { Config } from '@backstage/config';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-router-node';

type Factory = (config: Config) => LlmProvider;

/**
 * A provider module, loaded on first use: a deployment that only configures
 * OpenAI never loads the AWS or Anthropic SDKs. From the sources (Jest,
 * `yarn start`) `require` loads it. The package build cannot see a lazy
 * `require`: it emits no file for it, and names the files it emits
 * `<name>.cjs.js`. So from dist the literal `import()` runs, which the build
 * emits and rewrites; Jest cannot run `import()` (it would need
 * --experimental-vm-modules), hence both.
 */
async function lazy<T>(
  load: () => unknown,
  importModule: () => Promise<T>,
): Promise<T> {
  try {
    return load() as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND')
      throw error;
    return importModule();
  }
}

/* eslint-disable @typescript-eslint/no-require-imports */
const FACTORIES: Record<string, () => Promise<Factory>> = {
  openai: async () =>
    (
      await lazy(
        () => require('./openai/openai-provider'),
        () => import('./openai/openai-provider'),
      )
    ).createOpenAiProviderFromConfig,
  anthropic: async () =>
    (
      await lazy(
        () => require('./anthropic/anthropic-provider'),
        () => import('./anthropic/anthropic-provider'),
      )
    ).createAnthropicProviderFromConfig,
  'azure-openai': async () =>
    (
      await lazy(
        () => require('./azure-openai/azure-openai-provider'),
        () => import('./azure-openai/azure-openai-provider'),
      )
    ).createAzureOpenAiProviderFromConfig,
  bedrock: async () =>
    (
      await lazy(
        () => require('./bedrock/bedrock-provider'),
        () => import('./bedrock/bedrock-provider'),
      )
    ).createBedrockProviderFromConfig,
  groq: async () =>
    (
      await lazy(
        () => require('./groq/groq-provider'),
        () => import('./groq/groq-provider'),
      )
    ).createGroqProviderFromConfig,
  'openai-compatible': async () =>
    (
      await lazy(
        () => require('./openai-compatible/openai-compatible-provider'),
        () => import('./openai-compatible/openai-compatible-provider'),
      )
    ).createOpenAiCompatibleProviderFromConfig,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** One `quantumlayer.llm.providers` entry → its provider, by `type`. */
export async function createProviderFromConfig(
  entry: Config,
  path: string,
): Promise<LlmProvider> {
  const type = entry.getString('type');
  const load = FACTORIES[type];
  if (!load) {
    throw new Error(
      `${path}.type "${type}" is not supported; use one of ${Object.keys(
        FACTORIES,
      ).join(', ')}`,
    );
  }
  return (await load())(entry);
}
