import { SignInResolver } from '@backstage/plugin-auth-node';
import { DevUserResult } from './authenticator';

/**
 * Issues the token of the catalog user, so its ownership refs (`ent`) are the
 * user and the groups it is a member of.
 */
export const signInAsDevUser: SignInResolver<DevUserResult> = async (
  { result },
  ctx,
) => ctx.signInWithCatalogUser({ entityRef: result.userEntityRef });
