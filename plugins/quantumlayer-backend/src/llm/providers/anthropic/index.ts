export {
  AnthropicProvider,
  createAnthropicProviderFromConfig,
} from './anthropic-provider';
export type { AnthropicProviderSettings } from './anthropic-provider';
