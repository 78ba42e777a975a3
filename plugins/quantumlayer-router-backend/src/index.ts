/**
 * The QuantumLayer LLM router as a backend plugin of its own.
 *
 * @packageDocumentation
 */
export { quantumlayerRouterFeatures as default } from './features';
export { quantumlayerRouterPlugin } from './features';
export {
  createStandaloneLlmRouter,
  createLlmProviderFromConfig,
} from './standalone';
