import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { PolicyQuery } from '@backstage/plugin-permission-node';
import {
  quantumlayerArtifactReadPermission,
  quantumlayerBudgetManagePermission,
  quantumlayerLlmUsageReadPermission,
  quantumlayerRouterUsePermission,
  quantumlayerWorkflowApprovePermission,
  quantumlayerWorkflowCancelPermission,
  quantumlayerWorkflowCreatePermission,
  quantumlayerWorkflowReadPermission,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  createQuantumlayerWorkflowConditionalDecision as conditional,
  quantumlayerWorkflowConditions as runs,
} from '@internal/backstage-plugin-quantumlayer-node';
import type { Caller } from './caller';

const allow = { result: AuthorizeResult.ALLOW } as const;
const deny = { result: AuthorizeResult.DENY } as const;

/** The permissions that read or change one run: own runs and the caller's groups' runs. */
const RUN_ACCESS = new Set<string>([
  quantumlayerWorkflowReadPermission.name,
  quantumlayerWorkflowCancelPermission.name,
  quantumlayerArtifactReadPermission.name,
]);

/**
 * QuantumLayer's permissions for a signed-in user; undefined for a
 * permission of another plugin. A `quantumlayer.*` permission this policy
 * does not know (a newer plugin's) is denied.
 */
export function quantumlayerDecision(
  request: PolicyQuery,
  caller: Caller,
): PolicyDecision | undefined {
  const { permission } = request;
  if (!permission.name.startsWith('quantumlayer.')) return undefined;

  if (permission.name === quantumlayerWorkflowApprovePermission.name) {
    // Four eyes for everyone, admins included: never a run one started.
    const notMine = runs.isStartedBySomeoneElse({ claims: [caller.userRef] });
    if (caller.isApprover) {
      return conditional(quantumlayerWorkflowApprovePermission, notMine);
    }
    return conditional(quantumlayerWorkflowApprovePermission, {
      allOf: [
        runs.isOwningGroupMember({ claims: caller.ownershipRefs }),
        notMine,
      ],
    });
  }
  if (RUN_ACCESS.has(permission.name)) {
    if (caller.isAdmin) return allow;
    return conditional(
      permission as typeof quantumlayerWorkflowReadPermission,
      {
        anyOf: [
          runs.isWorkflowOwner({ claims: [caller.userRef] }),
          runs.isOwningGroupMember({ claims: caller.ownershipRefs }),
        ],
      },
    );
  }
  switch (permission.name) {
    case quantumlayerWorkflowCreatePermission.name:
    case quantumlayerRouterUsePermission.name:
      // Within budgets: the router refuses a spent one whatever the policy says.
      return allow;
    case quantumlayerBudgetManagePermission.name:
    case quantumlayerLlmUsageReadPermission.name:
      return caller.isAdmin ? allow : deny;
    default:
      return deny;
  }
}
