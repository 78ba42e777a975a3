/**
 * Scaffolder module adding the `quantumlayer:generate` action.
 *
 * @packageDocumentation
 */
export { scaffolderModuleQuantumlayer as default } from './module';
export { createGenerateAction } from './actions/generate';
export type { GenerateActionOptions } from './actions/generate';
