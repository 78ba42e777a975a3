import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/**
 * The mock auth service, except that a token on behalf of a user names the
 * calling plugin as its actor, as Backstage's own auth does: the permission
 * backend and the apply-conditions endpoint refuse user tokens without one.
 */
const actorAwareAuth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: auth.authenticate.bind(auth),
      isPrincipal: auth.isPrincipal.bind(auth) as typeof auth.isPrincipal,
      getNoneCredentials: auth.getNoneCredentials.bind(auth),
      getOwnServiceCredentials: auth.getOwnServiceCredentials.bind(auth),
      getLimitedUserToken: auth.getLimitedUserToken.bind(auth),
      listPublicServiceKeys: auth.listPublicServiceKeys.bind(auth),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type !== 'user') {
          return auth.getPluginRequestToken(options);
        }
        return {
          token: mockCredentials.user.token(principal.userEntityRef, {
            actor: { subject: `plugin:${plugin.getId()}` },
          }),
        };
      },
    };
  },
});

/**
 * The real permission framework for a test backend: the permission backend
 * with `policy`, the permissions service that asks it (so conditional
 * decisions on a resource are resolved through the owning plugin's
 * `apply-conditions` endpoint), and user info whose ownership refs are the
 * user plus the groups in `groups` (user ref to group refs).
 */
export function permissionFramework(
  policy: PermissionPolicy,
  groups: Record<string, string[]>,
) {
  return [
    permissionPlugin,
    actorAwareAuth,
    createBackendModule({
      pluginId: 'permission',
      moduleId: 'test-policy',
      register(reg) {
        reg.registerInit({
          deps: { policies: policyExtensionPoint },
          async init({ policies }) {
            policies.setPolicy(policy);
          },
        });
      },
    }),
    mockServices.permissions.factory(),
    createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => ({
        async getUserInfo(credentials) {
          const { userEntityRef } = credentials.principal as {
            userEntityRef: string;
          };
          return {
            userEntityRef,
            ownershipEntityRefs: [
              userEntityRef,
              ...(groups[userEntityRef] ?? []),
            ],
          };
        },
      }),
    }),
  ];
}

/**
 * A catalog holding each user of `groups` (user ref to group refs) as a
 * member of its groups, so the plugin bills runs to the first of them.
 */
export function catalogOfUsers(groups: Record<string, string[]>) {
  return catalogServiceMock.factory({
    entities: Object.entries(groups).map(([ref, memberOf]) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: ref.split('/')[1], namespace: 'default' },
      spec: { memberOf },
      relations: memberOf.map(targetRef => ({ type: 'memberOf', targetRef })),
    })),
  });
}
