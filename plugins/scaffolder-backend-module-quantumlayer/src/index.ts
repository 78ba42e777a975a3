/**
 * Scaffolder module adding the `quantumlayer:generate` action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleQuantumlayer as default } from './module';
export { createGenerateAction } from './actions/generate';
export type {
  GenerateActionInput,
  GenerateActionOptions,
  GenerateActionOutput,
} from './actions/generate';
export type { WriteLimits } from './actions/safe-write';
export { QuantumlayerApiClient } from './client/QuantumlayerApiClient';
