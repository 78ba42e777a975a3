import {
  coreServices,
  type BackendFeature,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import {
  partsOfRoles,
  type QuantumlayerPart,
  quantumlayerCodegenWorkerModule,
  quantumlayerOfflineTemplateModule,
  quantumlayerSandboxWorkerModule,
  quantumlayerWorkflowApiModule,
  readQuantumlayerRoles,
} from '@internal/backstage-plugin-quantumlayer-backend/roles';

const PART_MODULES: Record<QuantumlayerPart, BackendFeature> = {
  'workflow-api': quantumlayerWorkflowApiModule,
  'codegen-worker': quantumlayerCodegenWorkerModule,
  'sandbox-worker': quantumlayerSandboxWorkerModule,
};

/**
 * One backend image, roles by config (`quantumlayer.roles`, read by
 * `readQuantumlayerRoles` alone). Each role is `backend.add()` choices: the
 * `router` role is the LLM router plugin (quantumlayer-router-backend); the
 * others are the code-generation plugin with the part module of the role
 * (workflow API, codegen worker, sandbox worker). The plugin reaches the
 * router in process when this backend adds it, else through discovery. The
 * portal plugins (app, auth, catalog, scaffolder with the QuantumLayer
 * action, permission, search, …) run only in the `gateway` role, or when no
 * roles are set (everything in one process, the default). The other
 * deployments reach the portal's plugins (auth keys, catalog, permission)
 * through `discovery.endpoints`.
 */
export const roleFeatures = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    const roles = readQuantumlayerRoles(config);
    const portal = !roles || roles.includes('gateway');

    // QuantumLayer: the LLM router and gateway
    if (!roles || roles.includes('router')) {
      yield import('@internal/backstage-plugin-quantumlayer-router-backend');
    }
    // QuantumLayer: workflow API, Temporal workers, QuantumDrop; without
    // roles the plugin runs whole (its workers per quantumlayer.temporal.role)
    // (its default export also adds the offline template, the router's
    // stand-in; the router role alone adds that module by itself)
    const parts = roles ? partsOfRoles(roles) : [];
    if (!roles || parts.length > 0) {
      yield import('@internal/backstage-plugin-quantumlayer-backend');
    } else {
      yield quantumlayerOfflineTemplateModule;
    }
    for (const part of parts) yield PART_MODULES[part];
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
