import type { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { quantumlayerWorkflowPermissions } from '@internal/backstage-plugin-quantumlayer-common';
import {
  workflowPermissionRules,
  workflowResourceRef,
  WorkflowRunOwnership,
} from '@internal/backstage-plugin-quantumlayer-node';

// The resource, its rules and conditions live in the node library, so a
// permission policy can use them without loading this plugin.
export {
  createQuantumlayerWorkflowConditionalDecision,
  quantumlayerWorkflowConditions,
  workflowPermissionRules,
  workflowResourceRef,
} from '@internal/backstage-plugin-quantumlayer-node';
export type {
  WorkflowRunFilter,
  WorkflowRunOwnership,
} from '@internal/backstage-plugin-quantumlayer-node';

/**
 * Registers the run resource type, so the permission backend can resolve
 * conditional decisions on a run: `ownership` loads who a run belongs to
 * (undefined for an unknown run, which denies).
 */
export function registerWorkflowResource(
  registry: PermissionsRegistryService,
  ownership: (workflowId: string) => Promise<WorkflowRunOwnership | undefined>,
) {
  registry.addResourceType({
    resourceRef: workflowResourceRef,
    permissions: quantumlayerWorkflowPermissions,
    rules: Object.values(workflowPermissionRules),
    getResources: refs => Promise.all(refs.map(ownership)),
  });
}
