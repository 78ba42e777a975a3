import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { quantumlayerOfflineTemplateModule } from '../offline-template/offline-template-module';

/**
 * The offline template stand-in, through a feature loader: startTestBackend
 * stands in a plugin of its own for a module given directly whose plugin
 * only a loader adds (the router's default export).
 */
export const offlineTemplateStandIn = createBackendFeatureLoader({
  loader: () => [quantumlayerOfflineTemplateModule],
});
