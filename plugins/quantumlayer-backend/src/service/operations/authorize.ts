import { requireCaller } from '@internal/backstage-plugin-quantumlayer-node';
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE } from '@internal/backstage-plugin-quantumlayer-common';

/** A permission whose resource is a workflow run. */
export type WorkflowPermission = ResourcePermission<
  typeof QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE
>;

/**
 * Requires `permission` on the run `workflowId`; a conditional decision is
 * resolved by the permission framework against the run's owner and group.
 */
export async function requireRunPermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: WorkflowPermission,
  workflowId: string,
): Promise<void> {
  requireCaller(credentials);
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: workflowId }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `not allowed: ${permission.name} on workflow ${workflowId}`,
    );
  }
}

/** Who the credentials name: a user entity ref, or a service subject. */
export function principalRef(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  return principal.subject ?? principal.type;
}
