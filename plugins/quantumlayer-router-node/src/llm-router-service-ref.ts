import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { LlmRouterClient } from './llm-router-client';
import { RemoteLlmRouter } from './remote-llm-router';

/**
 * The LLM router as other plugins reach it. By default it is the router
 * role's API through discovery (`RemoteLlmRouter.fromConfig`); a backend
 * that runs the router in process installs a factory of its own for this
 * ref.
 *
 * @public
 */
export const llmRouterServiceRef = createServiceRef<LlmRouterClient>({
  id: 'quantumlayer.llm-router',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      factory: ({ config, discovery, auth }) =>
        RemoteLlmRouter.fromConfig(config, { discovery, auth }),
    }),
});
