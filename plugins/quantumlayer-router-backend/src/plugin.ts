import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { quantumlayerPermissions } from '@internal/backstage-plugin-quantumlayer-common';
import {
  databaseCheck,
  GroupDirectory,
  HealthMonitor,
  llmRouterCheck,
  observeMetricSources,
  vectorStoreCheck,
  vectorStoreServiceRef,
} from '@internal/backstage-plugin-quantumlayer-node';
import {
  CallerClaims,
  LlmProvider,
  llmRouterServiceRef,
  quantumlayerLlmProvidersExtensionPoint,
  readEmbeddingSettings,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { registerChatCompletionAction } from './actions/chat-completion';
import { GatewayCallers } from './gateway/gateway-callers';
import {
  readGatewayListen,
  startGatewayServer,
} from './gateway/gateway-server';
import { redisCheck } from './health/redis-check';
import { createLlmRouter } from './llm/create-llm-router';
import { checkEmbeddingAlias } from './llm/embeddings/check-embedding-alias';
import type { LocalRouterSlot } from './local-router-slot';
import { ROUTER_MIGRATIONS } from './router-migrations';
import { createRouter } from './service/router';

/** Paths the gateway authenticates itself (vendor SDKs send their own keys). */
const SELF_AUTHENTICATED_PATHS = [
  '/health',
  '/ready',
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/models',
  '/v1/messages',
];

/**
 * The LLM router as a backend plugin (`quantumlayer-router`). With `slot`,
 * it hands its router to the backend's other plugins in process.
 */
export function createQuantumlayerRouterPlugin(slot?: LocalRouterSlot) {
  return createBackendPlugin({
    pluginId: 'quantumlayer-router',
    register(env) {
      const providers: LlmProvider[] = [];
      const standIns: LlmProvider[] = [];
      env.registerExtensionPoint(quantumlayerLlmProvidersExtensionPoint, {
        addProvider: provider => providers.push(provider),
        addStandIn: provider => standIns.push(provider),
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
          actionsRegistry: actionsRegistryServiceRef,
          vectorStore: vectorStoreServiceRef,
        },
        async init(deps) {
          try {
            const { config, logger } = deps;
            deps.permissionsRegistry.addPermissions(quantumlayerPermissions);
            const db = await deps.database.getClient();
            if (!deps.database.migrations?.skip) {
              await db.migrate.latest(ROUTER_MIGRATIONS);
            }
            // Refuses (throws) in production with no LLM provider.
            const llm = await createLlmRouter({
              config,
              logger,
              db,
              extraProviders: providers,
              standIns,
              vectorStore: deps.vectorStore,
            });
            checkEmbeddingAlias(
              llm.router,
              readEmbeddingSettings(config).model,
              'quantumlayer.embeddings.model',
            );
            slot?.set(llm.router);
            const groups = new GroupDirectory(deps);
            const callers = new GatewayCallers({ ...deps, groups });
            const health = new HealthMonitor(
              [
                databaseCheck(db),
                redisCheck(llm.redis),
                vectorStoreCheck(deps.vectorStore),
                llmRouterCheck(llm.router),
              ],
              {
                cacheMs:
                  (config.getOptionalNumber(
                    'quantumlayer.health.cacheSeconds',
                  ) ?? 5) * 1000,
              },
            );
            deps.httpRouter.use(
              await createRouter({
                ...deps,
                router: llm.router,
                callers,
                health,
                ledger: llm.ledger,
                claims: CallerClaims.fromConfig(config),
              }),
            );
            for (const path of SELF_AUTHENTICATED_PATHS) {
              deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
            }
            registerChatCompletionAction(deps.actionsRegistry, {
              callers,
              router: llm.router,
              auditor: deps.auditor,
              logger,
            });
            // The breaker gauge reads the circuits at each scrape.
            const unobserve = observeMetricSources({
              breakers: () => llm.router.circuits(),
            });
            const listen = readGatewayListen(config);
            const listener = listen
              ? await startGatewayServer(
                  {
                    router: llm.router,
                    callers,
                    logger,
                    auditor: deps.auditor,
                  },
                  listen,
                )
              : undefined;
            deps.lifecycle.addShutdownHook(async () => {
              unobserve();
              await listener?.close();
              await llm.stop();
            });
          } catch (error) {
            slot?.fail(error as Error);
            throw error;
          }
        },
      });
    },
  });
}

/**
 * `llmRouterServiceRef` served by the router plugin of the same backend:
 * the in-process router instead of the router role over discovery.
 */
export function localLlmRouterServiceFactory(slot: LocalRouterSlot) {
  return createServiceFactory({
    service: llmRouterServiceRef,
    deps: {},
    factory: () => slot.client(),
  });
}
