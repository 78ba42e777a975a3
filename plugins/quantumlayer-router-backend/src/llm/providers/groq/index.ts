export {
  createGroqProviderFromConfig,
  GROQ_DEFAULT_BASE_URL,
} from './groq-provider';
