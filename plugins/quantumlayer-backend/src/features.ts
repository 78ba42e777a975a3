import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { quantumlayerOfflineTemplateModule } from './offline-template/offline-template-module';
import { quantumlayerPlugin } from './plugin';

/**
 * The code-generation plugin, whole (no part module: the workflow API and
 * the workers `quantumlayer.temporal.role` names), with the offline template
 * as the LLM router's stand-in: the package's default export, for
 * `backend.add(import(...))`. The stand-in module is inert in a backend
 * without the router plugin.
 *
 * @public
 */
export const quantumlayerFeatures = createBackendFeatureLoader({
  loader: () => [quantumlayerPlugin, quantumlayerOfflineTemplateModule],
});
