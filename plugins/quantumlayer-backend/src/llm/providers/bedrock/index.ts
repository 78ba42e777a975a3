export {
  BedrockProvider,
  createBedrockProviderFromConfig,
} from './bedrock-provider';
export type {
  BedrockCredentials,
  BedrockProviderSettings,
} from './bedrock-provider';
export { BEDROCK_JSON_MODE_INSTRUCTION } from './convert-to-bedrock-messages';
