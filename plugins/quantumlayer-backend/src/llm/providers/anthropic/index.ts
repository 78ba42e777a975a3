export {
  AnthropicProvider,
  createAnthropicProviderFromConfig,
} from './anthropic-provider';
export type { AnthropicProviderSettings } from './anthropic-provider';
export { ANTHROPIC_JSON_MODE_INSTRUCTION } from './convert-to-anthropic-messages';
