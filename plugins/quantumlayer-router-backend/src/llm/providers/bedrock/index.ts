export {
  BedrockProvider,
  createBedrockProviderFromConfig,
} from './bedrock-provider';
export type {
  BedrockCredentials,
  BedrockProviderSettings,
} from './bedrock-provider';
