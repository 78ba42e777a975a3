import { createBackendModule } from '@backstage/backend-plugin-api';
import { quantumlayerLlmProvidersExtensionPoint } from '@internal/backstage-plugin-quantumlayer-router-node';
import { TemplateProvider } from './template-provider';

/**
 * The offline template (`provider: template`) as a stand-in of the LLM
 * router plugin: it answers the steps of a code-generation run from their
 * `codegen.*` labels, without a model. The router uses it only as its
 * no-provider policy allows (development with no provider, or
 * `quantumlayer.llm.templateFallback: true`), and every run it answered says
 * `offlineTemplate: true`.
 *
 * @public
 */
export const quantumlayerOfflineTemplateModule = createBackendModule({
  pluginId: 'quantumlayer-router',
  moduleId: 'offline-template',
  register(env) {
    env.registerInit({
      deps: { providers: quantumlayerLlmProvidersExtensionPoint },
      async init({ providers }) {
        providers.addStandIn(new TemplateProvider());
      },
    });
  },
});
