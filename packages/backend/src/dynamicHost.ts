/*
 * The portal's own plugins, with QuantumLayer's backend plugins and modules
 * loaded as dynamic plugins, the way Red Hat Developer Hub installs them: the
 * packages `rhdh-cli plugin export` wrote, copied under
 * `dynamicPlugins.rootDirectory`, instead of the workspace imports of
 * index.ts. scripts/dynamic-plugins.sh exports, starts and checks it.
 */

import { createBackend } from '@backstage/backend-defaults';
import { dynamicPluginsFeatureLoader } from '@backstage/backend-dynamic-feature-service';

const backend = createBackend();
backend.add(dynamicPluginsFeatureLoader);
// The hosts of the exported modules (scaffolder action, catalog entity
// provider, permission policy); the permission plugin refuses to start
// without a policy, so it starts only when the dynamic policy module loaded.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.start();
