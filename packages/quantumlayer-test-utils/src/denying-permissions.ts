import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * A permission policy that allows everything but the permission names in
 * `denied`, which a test sets before each request.
 */
export function denyingPermissions() {
  const state = { denied: [] as string[] };
  const decide = async (requests: Array<{ permission: { name: string } }>) =>
    requests.map(r => ({
      result: state.denied.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })) as any;
  const mock = mockServices.permissions.mock({
    authorize: decide,
    authorizeConditional: decide,
  });
  return {
    /** Permission names refused until the next assignment. */
    deny(names: string[]) {
      state.denied = names;
    },
    factory: mock.factory,
  };
}
