import { createPermission } from '@backstage/plugin-permission-common';

/** Start a generate-extended workflow. @public */
export const quantumlayerWorkflowCreatePermission = createPermission({
  name: 'quantumlayer.workflow.create',
  attributes: { action: 'create' },
});

/** Read workflow runs and their artifacts. @public */
export const quantumlayerWorkflowReadPermission = createPermission({
  name: 'quantumlayer.workflow.read',
  attributes: { action: 'read' },
});

/** Cancel a running workflow. @public */
export const quantumlayerWorkflowCancelPermission = createPermission({
  name: 'quantumlayer.workflow.cancel',
  attributes: { action: 'update' },
});

/** Every permission of the plugin. @public */
export const quantumlayerPermissions = [
  quantumlayerWorkflowCreatePermission,
  quantumlayerWorkflowReadPermission,
  quantumlayerWorkflowCancelPermission,
];
