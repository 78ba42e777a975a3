import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import type { ArtifactStore } from '../../artifacts/artifact-store';
import type { GenerateWorkflowClient } from '../../workflows/client';
import type { GroupDirectory } from '@internal/backstage-plugin-quantumlayer-node';
import type { SyntaxCheckers } from '../../parser/languages';
import {
  requireRunPermission,
  WorkflowPermission,
} from '../operations/authorize';

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
  /** The syntax checkers' pools (`quantumlayer.parser`); default: the process's. */
  checkers?: SyntaxCheckers;
}

export type { WorkflowPermission };

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
  await requireRunPermission(
    ctx.permissions,
    credentials,
    permission,
    workflowId,
  );
  return credentials;
}
