/**
 * The roles of a QuantumLayer deployment as `backend.add()` choices: the one
 * reader of `quantumlayer.roles`, the part modules of the code-generation
 * plugin and the router's offline stand-in. A light entry point: it loads
 * neither the plugin nor the Temporal SDK, so a backend that runs the router
 * role alone picks its features without them.
 *
 * @packageDocumentation
 */
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
export { quantumlayerOfflineTemplateModule } from './offline-template/offline-template-module';
