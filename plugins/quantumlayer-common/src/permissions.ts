import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of a generate-extended run; its resourceRef is the
 * workflow id (`ql-…`). Policies may answer CONDITIONAL for it with the
 * `IS_WORKFLOW_OWNER` and `IS_OWNING_GROUP_MEMBER` rules. @public
 */
export const QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE = 'quantumlayer-workflow';

/** Start a generate-extended workflow. @public */
export const quantumlayerWorkflowCreatePermission = createPermission({
  name: 'quantumlayer.workflow.create',
  attributes: { action: 'create' },
});

/** Read a workflow run (and list the runs allowed). @public */
export const quantumlayerWorkflowReadPermission = createPermission({
  name: 'quantumlayer.workflow.read',
  attributes: { action: 'read' },
  resourceType: QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE,
});

/** Cancel a running workflow. @public */
export const quantumlayerWorkflowCancelPermission = createPermission({
  name: 'quantumlayer.workflow.cancel',
  attributes: { action: 'update' },
  resourceType: QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE,
});

/** Approve or reject a run waiting at its approval gate. @public */
export const quantumlayerWorkflowApprovePermission = createPermission({
  name: 'quantumlayer.workflow.approve',
  attributes: { action: 'update' },
  resourceType: QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE,
});

/** Read a run's artifact: manifest, files and referenced blobs. @public */
export const quantumlayerArtifactReadPermission = createPermission({
  name: 'quantumlayer.artifact.read',
  attributes: { action: 'read' },
  resourceType: QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE,
});

/** Call models through the LLM gateway endpoints. @public */
export const quantumlayerRouterUsePermission = createPermission({
  name: 'quantumlayer.router.use',
  attributes: { action: 'create' },
});

/** Read everyone's LLM usage (without it, callers see only their own). @public */
export const quantumlayerLlmUsageReadPermission = createPermission({
  name: 'quantumlayer.llm.usage.read',
  attributes: { action: 'read' },
});

/** Set and remove LLM budgets at runtime (`PUT`/`DELETE /v1/budgets`). @public */
export const quantumlayerBudgetManagePermission = createPermission({
  name: 'quantumlayer.budget.manage',
  attributes: { action: 'update' },
});

/** Every permission of the plugin. @public */
export const quantumlayerPermissions = [
  quantumlayerWorkflowCreatePermission,
  quantumlayerWorkflowReadPermission,
  quantumlayerWorkflowCancelPermission,
  quantumlayerWorkflowApprovePermission,
  quantumlayerArtifactReadPermission,
  quantumlayerRouterUsePermission,
  quantumlayerLlmUsageReadPermission,
  quantumlayerBudgetManagePermission,
];

/** The permissions whose resource is a workflow run. @public */
export const quantumlayerWorkflowPermissions = [
  quantumlayerWorkflowReadPermission,
  quantumlayerWorkflowCancelPermission,
  quantumlayerWorkflowApprovePermission,
  quantumlayerArtifactReadPermission,
];
