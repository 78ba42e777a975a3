import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import type { ArtifactStore } from '../../artifacts/artifact-store';
import type { GenerateWorkflowClient } from '../../workflows/client';
import type { GroupDirectory } from '../../catalog/group-directory';

/** What every route module needs. */
export interface RouteContext {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
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
