import type { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE,
  quantumlayerWorkflowPermissions,
} from '@internal/backstage-plugin-quantumlayer-common';
import { z } from 'zod/v4';

/** Who a workflow run belongs to: what the resource rules look at. @public */
export interface WorkflowRunOwnership {
  workflowId: string;
  /** The user entity ref (or service subject) that started the run. */
  owner?: string;
  /** The catalog group the run's LLM calls are charged to. */
  group?: string;
}

/** A rule as a filter over runs: the field and the values it may hold. @public */
export type WorkflowRunFilter = {
  key: 'owner' | 'group';
  values: string[];
};

/** The `quantumlayer-workflow` resource: a run, referenced by workflow id. @public */
export const workflowResourceRef = createPermissionResourceRef<
  WorkflowRunOwnership,
  WorkflowRunFilter
>().with({
  pluginId: 'quantumlayer',
  resourceType: QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE,
});

const claimsParams = z.object({
  claims: z
    .array(z.string())
    .describe(
      'Entity refs to match, usually the user ownership refs (user and groups)',
    ),
});

/** The rules' parameters: a Standard Schema that also converts to JSON Schema. */
const claimsSchema = {
  '~standard': {
    ...claimsParams['~standard'],
    jsonSchema: {
      input: () => z.toJSONSchema(claimsParams, { io: 'input' }),
      output: () => z.toJSONSchema(claimsParams),
    },
  },
};

/** Allows when the user (or service) that started the run is in `claims`. */
const isWorkflowOwner = createPermissionRule({
  name: 'IS_WORKFLOW_OWNER',
  description: 'Allow runs started by one of the given principals',
  resourceRef: workflowResourceRef,
  paramsSchema: claimsSchema,
  apply: (run, { claims }) => !!run.owner && claims.includes(run.owner),
  toQuery: ({ claims }) => ({ key: 'owner', values: claims }),
});

/** Allows when the run's billing group is in `claims` (the caller's ownership refs). */
const isOwningGroupMember = createPermissionRule({
  name: 'IS_OWNING_GROUP_MEMBER',
  description:
    'Allow runs charged to one of the given catalog groups (pass the ownership refs of the user)',
  resourceRef: workflowResourceRef,
  paramsSchema: claimsSchema,
  apply: (run, { claims }) => !!run.group && claims.includes(run.group),
  toQuery: ({ claims }) => ({ key: 'group', values: claims }),
});

/** The resource rules of workflow runs. @public */
export const workflowPermissionRules = {
  isWorkflowOwner,
  isOwningGroupMember,
};

/**
 * Conditions and `createConditionalDecision` for policies, e.g.
 * `quantumlayerWorkflowConditions.isWorkflowOwner({ claims: user.info.ownershipEntityRefs })`.
 * @public
 */
export const {
  conditions: quantumlayerWorkflowConditions,
  createConditionalDecision: createQuantumlayerWorkflowConditionalDecision,
} = createConditionExports({
  resourceRef: workflowResourceRef,
  rules: workflowPermissionRules,
});

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
