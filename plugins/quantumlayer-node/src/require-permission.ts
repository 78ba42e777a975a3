import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';

/**
 * Refuses anything but a user or service principal, the callers the REST
 * API accepts (actions may be handed anonymous credentials in tests).
 *
 * @public
 */
export function requireCaller(credentials: BackstageCredentials) {
  const type = (credentials.principal as { type?: string }).type;
  if (type !== 'user' && type !== 'service') {
    throw new NotAllowedError(
      'QuantumLayer needs a signed-in user or a service identity; anonymous callers are refused',
    );
  }
}

/** Requires `permission` (a basic permission) for `credentials`. @public */
export async function requirePermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission,
): Promise<void> {
  requireCaller(credentials);
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`not allowed: ${permission.name}`);
  }
}

/**
 * Requires a user or service principal allowed `permission` on a request;
 * returns its credentials.
 *
 * @public
 */
export async function authorizeRequest(
  ctx: { httpAuth: HttpAuthService; permissions: PermissionsService },
  req: Request,
  permission: BasicPermission,
): Promise<BackstageCredentials> {
  const credentials = await ctx.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  await requirePermission(ctx.permissions, credentials, permission);
  return credentials;
}
