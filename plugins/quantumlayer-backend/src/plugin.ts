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
import {
  LlmProvider,
  quantumlayerLlmProvidersExtensionPoint,
  llmRouterServiceRef,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { quantumlayerPermissions } from '@internal/backstage-plugin-quantumlayer-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createQuantumlayerServices } from './services';
import { GatewayCallers } from './service/gateway/gateway-callers';
import {
  readGatewayListen,
  startGatewayServer,
} from './service/gateway/gateway-server';
import { createRouter } from './service/router';
import { registerWorkflowResource } from './permissions/workflow-resource';
import { registerQuantumlayerActions } from './actions/register-actions';

/**
 * The QuantumLayer backend plugin: workflow REST API, Temporal worker and
 * client, QuantumDrop artifact storage and the LLM router seam.
 *
 * @public
 */
export const quantumlayerPlugin = createBackendPlugin({
  pluginId: 'quantumlayer',
  register(env) {
    const providers: LlmProvider[] = [];
    const healthChecks: HealthCheck[] = [];
    env.registerExtensionPoint(quantumlayerLlmProvidersExtensionPoint, {
      addProvider: provider => providers.push(provider),
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
        remoteRouter: llmRouterServiceRef,
        vectorStore: vectorStoreServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(quantumlayerPermissions);
        const services = await createQuantumlayerServices({
          ...deps,
          extraProviders: providers,
          extraHealthChecks: healthChecks,
          migrationsDirectory: resolvePackagePath(
            '@internal/backstage-plugin-quantumlayer-backend',
            'migrations',
          ),
        });
        registerWorkflowResource(deps.permissionsRegistry, id =>
          services.workflows.ownership(id),
        );
        const groups = new GroupDirectory(deps);
        const callers = new GatewayCallers({ ...deps, groups });
        deps.httpRouter.use(
          await createRouter({
            ...deps,
            callers,
            router: services.localRouter,
            routerClient: services.router,
            plan: services.plan,
            claims: services.claims,
            workflows: services.workflows,
            store: services.store,
            health: services.health,
            posture: services.posture,
            ledger: services.ledger,
            prompts: services.prompts,
            checkers: services.checkers,
            groups,
          }),
        );
        // The actions (MCP tools) live where the workflow API is served.
        if (services.plan.servesWorkflowApi) {
          registerQuantumlayerActions(deps.actionsRegistry, {
            ...deps,
            callers,
            groups,
            workflows: services.workflows,
            store: services.store,
            health: services.health,
            router: services.router,
          });
        }
        const listen = readGatewayListen(deps.config);
        const listener =
          listen && services.localRouter
            ? await startGatewayServer(
                {
                  router: services.localRouter,
                  callers,
                  logger: deps.logger,
                  auditor: deps.auditor,
                },
                listen,
              )
            : undefined;
        // The gateway authenticates itself: vendor SDKs send the key as
        // `Authorization: Bearer` (OpenAI) or `x-api-key` (Anthropic).
        for (const path of [
          '/health',
          '/ready',
          '/v1/chat/completions',
          '/v1/embeddings',
          '/v1/models',
          '/v1/messages',
        ]) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
        deps.lifecycle.addShutdownHook(async () => {
          await listener?.close();
          await services.stop();
        });
      },
    });
  },
});
