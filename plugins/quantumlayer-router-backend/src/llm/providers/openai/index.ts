export {
  createOpenAiProviderFromConfig,
  OPENAI_DEFAULT_BASE_URL,
} from './openai-provider';
export { OpenAiChatProvider } from './openai-chat-provider';
export type { OpenAiChatProviderOptions } from './openai-chat-provider';
export { openAiChatProviderFromConfig } from './openai-chat-provider-from-config';
export {
  openAiClientDefaults,
  DEFAULT_TIMEOUT_MS,
} from './openai-client-options';
export type { OpenAiClientOverrides } from './openai-client-options';
export type { OpenAiMaxTokensParameter } from './convert-to-openai-chat-request';
