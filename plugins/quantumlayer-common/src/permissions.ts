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

/** Approve or reject a run waiting at its approval gate. @public */
export const quantumlayerWorkflowApprovePermission = createPermission({
  name: 'quantumlayer.workflow.approve',
  attributes: { action: 'update' },
});

/** Call models through the LLM gateway endpoints. @public */
export const quantumlayerLlmInvokePermission = createPermission({
  name: 'quantumlayer.llm.invoke',
  attributes: { action: 'create' },
});

/** Read everyone's LLM usage (without it, callers see only their own). @public */
export const quantumlayerLlmUsageReadPermission = createPermission({
  name: 'quantumlayer.llm.usage.read',
  attributes: { action: 'read' },
});

/** Every permission of the plugin. @public */
export const quantumlayerPermissions = [
  quantumlayerWorkflowCreatePermission,
  quantumlayerWorkflowReadPermission,
  quantumlayerWorkflowCancelPermission,
  quantumlayerWorkflowApprovePermission,
  quantumlayerLlmInvokePermission,
  quantumlayerLlmUsageReadPermission,
];
