/**
 * QuantumLayer backend plugin.
 *
 * @packageDocumentation
 */
export { quantumlayerPlugin as default } from './plugin';
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
