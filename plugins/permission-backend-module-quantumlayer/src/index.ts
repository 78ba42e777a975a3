/**
 * The permission policy shipped with QuantumLayer, as a module of the
 * permission backend.
 *
 * @packageDocumentation
 */
export { permissionModuleQuantumlayerPolicy as default } from './module';
export { QuantumlayerPermissionPolicy } from './policy';
export { readPolicySettings } from './settings';
export type { PolicySettings } from './settings';
