export type {
  LlmProvider as ProviderAdapter,
  LlmCompletion,
  LlmCompletionRequest,
  LlmMessage,
} from '@internal/backstage-plugin-quantumlayer-node';
export { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-node';
