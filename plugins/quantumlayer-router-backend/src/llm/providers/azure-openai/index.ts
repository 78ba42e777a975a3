export { createAzureOpenAiProviderFromConfig } from './azure-openai-provider';
