export { createOpenAiCompatibleProviderFromConfig } from './openai-compatible-provider';
