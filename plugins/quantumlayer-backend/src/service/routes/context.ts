import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE } from '@internal/backstage-plugin-quantumlayer-common';
import type { Request } from 'express';
import type { ArtifactStore } from '../../artifacts/artifact-store';
import type { GenerateWorkflowClient } from '../../workflows/client';
import type { GroupDirectory } from '../../catalog/group-directory';

/** What every route module needs. */
export interface RouteContext {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Holds the workflow resource's rules, which filter the run list. */
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  workflows: GenerateWorkflowClient;
  store: ArtifactStore;
  /** Finds the catalog group that a user's LLM spend is charged to. */
  groups?: GroupDirectory;
}

/** Requires a user or service principal allowed `permission`; returns its credentials. */
export async function authorize(
  ctx: Pick<RouteContext, 'httpAuth' | 'permissions'>,
  req: Request,
  permission: BasicPermission,
): Promise<BackstageCredentials> {
  const credentials = await ctx.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const [decision] = await ctx.permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`not allowed: ${permission.name}`);
  }
  return credentials;
}

/** A permission whose resource is a workflow run. */
export type WorkflowPermission = ResourcePermission<
  typeof QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE
>;

/**
 * Requires a user or service principal allowed `permission` on the run
 * `workflowId`; a conditional decision is resolved by the permission
 * framework against the run's owner and group. Returns the credentials.
 */
export async function authorizeRun(
  ctx: Pick<RouteContext, 'httpAuth' | 'permissions'>,
  req: Request,
  permission: WorkflowPermission,
  workflowId: string,
): Promise<BackstageCredentials> {
  const credentials = await ctx.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const [decision] = await ctx.permissions.authorize(
    [{ permission, resourceRef: workflowId }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `not allowed: ${permission.name} on workflow ${workflowId}`,
    );
  }
  return credentials;
}
