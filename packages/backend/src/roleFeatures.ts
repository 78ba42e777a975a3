import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';

/** Roles that serve the portal (frontend, auth, catalog, scaffolder, …). */
const PORTAL_ROLES = ['gateway'];
/** Roles with a part of the code-generation plugin (quantumlayer-backend). */
const CODEGEN_ROLES = ['gateway', 'workflow-api', 'worker', 'sandbox-worker'];

/**
 * One backend image, roles by config (`quantumlayer.roles`). The `router`
 * role is the LLM router plugin (quantumlayer-router-backend); the others
 * host the code-generation plugin, which serves the role's own part and
 * reaches the router in process when this backend adds it, else through
 * discovery. The portal plugins (app, auth, catalog, scaffolder with the QuantumLayer
 * action, permission, search, …) run only in the `gateway` role, or when no
 * roles are set (everything in one process, the default). The other
 * deployments reach the portal's plugins (auth keys, catalog, permission)
 * through `discovery.endpoints`.
 */
export const roleFeatures = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    const value = config.getOptional('quantumlayer.roles');
    const roles = typeof value === 'string' ? [value] : (value as string[]);
    const portal = !roles || roles.some(role => PORTAL_ROLES.includes(role));

    const has = (names: string[]) =>
      !roles || roles.some(role => names.includes(role));
    // QuantumLayer: the LLM router and gateway
    if (has(['router'])) {
      yield import('@internal/backstage-plugin-quantumlayer-router-backend');
    }
    // QuantumLayer: workflow API, Temporal workers, QuantumDrop
    if (has(CODEGEN_ROLES)) {
      yield import('@internal/backstage-plugin-quantumlayer-backend');
    }
    if (!portal) return;
    yield import(
      '@internal/backstage-plugin-scaffolder-backend-module-quantumlayer'
    );
    yield import(
      '@internal/backstage-plugin-catalog-backend-module-quantumlayer'
    );

    yield import('@backstage/plugin-app-backend');
    yield import('@backstage/plugin-proxy-backend');

    // scaffolder plugin
    yield import('@backstage/plugin-scaffolder-backend');
    // publish:github, publish:gitea (the local forge, scripts/gitea-dev.sh)
    // and publish:gitlab, with the matching `integrations` entries
    yield import('@backstage/plugin-scaffolder-backend-module-github');
    yield import('@backstage/plugin-scaffolder-backend-module-gitea');
    yield import('@backstage/plugin-scaffolder-backend-module-gitlab');
    yield import('@backstage/plugin-scaffolder-backend-module-notifications');

    // techdocs plugin
    yield import('@backstage/plugin-techdocs-backend');

    // auth plugin, with the guest provider
    // (https://backstage.io/docs/auth/guest/provider)
    yield import('@backstage/plugin-auth-backend');
    yield import('@backstage/plugin-auth-backend-module-guest-provider');
    // development sign-in as catalog users (auth.providers.dev-users)
    yield import('./devUsersProvider');

    // catalog plugin
    yield import('@backstage/plugin-catalog-backend');
    yield import(
      '@backstage/plugin-catalog-backend-module-scaffolder-entity-model'
    );
    yield import('@backstage/plugin-catalog-backend-module-logs');

    // permission plugin with QuantumLayer's policy (quantumlayer.permissions);
    // see https://backstage.io/docs/permissions/getting-started
    yield import('@backstage/plugin-permission-backend');
    yield import(
      '@internal/backstage-plugin-permission-backend-module-quantumlayer'
    );

    // search plugin, the PostgreSQL engine and collators
    yield import('@backstage/plugin-search-backend');
    yield import('@backstage/plugin-search-backend-module-pg');
    yield import('@backstage/plugin-search-backend-module-catalog');
    yield import('@backstage/plugin-search-backend-module-techdocs');

    yield import('@backstage/plugin-kubernetes-backend');
    yield import('@backstage/plugin-user-settings-backend');
    yield import('@backstage/plugin-notifications-backend');
    yield import('@backstage/plugin-signals-backend');
    yield import('@backstage/plugin-mcp-actions-backend');
  },
});
