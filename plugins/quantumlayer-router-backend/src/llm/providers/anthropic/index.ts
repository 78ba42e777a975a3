export {
  ANTHROPIC_DEFAULT_BASE_URL,
  AnthropicProvider,
  createAnthropicProviderFromConfig,
} from './anthropic-provider';
export type { AnthropicProviderSettings } from './anthropic-provider';
