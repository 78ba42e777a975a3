import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  GroupDirectory,
  HealthCheck,
  quantumlayerHealthChecksExtensionPoint,
  vectorStoreServiceRef,
} from '@internal/backstage-plugin-quantumlayer-node';
import { llmRouterServiceRef } from '@internal/backstage-plugin-quantumlayer-router-node';
import { quantumlayerPermissions } from '@internal/backstage-plugin-quantumlayer-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createQuantumlayerServices } from './services';
import { createRouter } from './service/router';
import { registerWorkflowResource } from './permissions/workflow-resource';
import { registerQuantumlayerActions } from './actions/register-actions';
import {
  type QuantumlayerPart,
  quantumlayerPartsExtensionPoint,
} from './roles/parts';

/**
 * The QuantumLayer backend plugin: code generation. The workflow REST API,
 * the Temporal worker and client, QuantumDrop artifact storage and the MCP
 * actions; LLM calls go to `llmRouterServiceRef` (the router plugin in the
 * same backend, or the router role through discovery). Alone it runs whole;
 * with part modules (`quantumlayerWorkflowApiModule`, …) only their parts.
 *
 * @public
 */
export const quantumlayerPlugin = createBackendPlugin({
  pluginId: 'quantumlayer',
  register(env) {
    const healthChecks: HealthCheck[] = [];
    const parts: QuantumlayerPart[] = [];
    env.registerExtensionPoint(quantumlayerPartsExtensionPoint, {
      addPart: part => parts.push(part),
    });
    env.registerExtensionPoint(quantumlayerHealthChecksExtensionPoint, {
      addHealthCheck: check => healthChecks.push(check),
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        userInfo: coreServices.userInfo,
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        actionsRegistry: actionsRegistryServiceRef,
        router: llmRouterServiceRef,
        vectorStore: vectorStoreServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(quantumlayerPermissions);
        const services = await createQuantumlayerServices({
          ...deps,
          extraHealthChecks: healthChecks,
          parts,
          migrationsDirectory: resolvePackagePath(
            '@internal/backstage-plugin-quantumlayer-backend',
            'migrations',
          ),
        });
        registerWorkflowResource(deps.permissionsRegistry, id =>
          services.workflows.ownership(id),
        );
        const groups = new GroupDirectory(deps);
        deps.httpRouter.use(
          await createRouter({
            ...deps,
            plan: services.plan,
            workflows: services.workflows,
            store: services.store,
            health: services.health,
            posture: services.posture,
            prompts: services.prompts,
            checkers: services.checkers,
            groups,
          }),
        );
        // The actions (MCP tools) live where the workflow API is served.
        if (services.plan.servesWorkflowApi) {
          registerQuantumlayerActions(deps.actionsRegistry, {
            ...deps,
            groups,
            workflows: services.workflows,
            store: services.store,
            health: services.health,
          });
        }
        for (const path of ['/health', '/ready']) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
        deps.lifecycle.addShutdownHook(() => services.stop());
      },
    });
  },
});
