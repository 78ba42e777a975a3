/**
 * QuantumLayer backend plugin.
 *
 * @packageDocumentation
 */
export { quantumlayerFeatures as default } from './features';
export { quantumlayerPlugin } from './plugin';
export { quantumlayerOfflineTemplateModule } from './offline-template/offline-template-module';
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
export {
  quantumlayerCodegenWorkerModule,
  quantumlayerPartsExtensionPoint,
  quantumlayerSandboxWorkerModule,
  quantumlayerWorkflowApiModule,
} from './roles/parts';
export type {
  QuantumlayerPart,
  QuantumlayerPartsExtensionPoint,
} from './roles/parts';
export {
  partsOfRoles,
  QUANTUMLAYER_ROLES,
  readQuantumlayerRoles,
} from './roles/roles';
export type { QuantumlayerRole } from './roles/roles';
