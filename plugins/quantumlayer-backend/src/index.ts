/**
 * QuantumLayer backend plugin.
 *
 * @packageDocumentation
 */
export { quantumlayerFeatures as default } from './features';
export { quantumlayerPlugin } from './plugin';
export { createTemplateProvider } from './offline-template/create-template-provider';
export {
  createQuantumlayerWorkflowConditionalDecision,
  quantumlayerWorkflowConditions,
  workflowPermissionRules,
  workflowResourceRef,
} from './permissions/workflow-resource';
export type {
  WorkflowRunFilter,
  WorkflowRunOwnership,
} from './permissions/workflow-resource';
// The role readers, part modules and stand-in module (also the light
// `/roles` entry point).
export * from './entry-roles';
