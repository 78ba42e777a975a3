import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE } from '@internal/backstage-plugin-quantumlayer-common';
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

/**
 * Four eyes: allows only runs whose starter is known and is none of
 * `claims` (the deciding user's ownership refs). A run without a recorded
 * starter is denied, since nobody can tell it was not the decider.
 */
const isStartedBySomeoneElse = createPermissionRule({
  name: 'IS_STARTED_BY_SOMEONE_ELSE',
  description:
    'Allow runs started by someone other than the given principals (pass the deciding user ref); runs with no recorded starter are denied',
  resourceRef: workflowResourceRef,
  paramsSchema: claimsSchema,
  apply: (run, { claims }) => !!run.owner && !claims.includes(run.owner),
  toQuery: ({ claims }) => ({ not: { key: 'owner', values: claims } }),
});

/** The resource rules of workflow runs. @public */
export const workflowPermissionRules = {
  isWorkflowOwner,
  isOwningGroupMember,
  isStartedBySomeoneElse,
};

const workflowConditionExports = createConditionExports({
  resourceRef: workflowResourceRef,
  rules: workflowPermissionRules,
});

/**
 * The conditions of workflow runs for policies, e.g.
 * `quantumlayerWorkflowConditions.isWorkflowOwner({ claims: user.info.ownershipEntityRefs })`
 * or, for approvals, `isStartedBySomeoneElse({ claims: [user.info.userEntityRef] })`.
 *
 * @public
 */
export const quantumlayerWorkflowConditions =
  workflowConditionExports.conditions;

/**
 * Turns those conditions into a policy's conditional decision.
 *
 * @public
 */
export const createQuantumlayerWorkflowConditionalDecision =
  workflowConditionExports.createConditionalDecision;
