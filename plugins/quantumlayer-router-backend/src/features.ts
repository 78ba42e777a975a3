import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { LocalRouterSlot } from './local-router-slot';
import {
  createQuantumlayerRouterPlugin,
  localLlmRouterServiceFactory,
} from './plugin';

/**
 * The router plugin (`quantumlayer-router`), plus `llmRouterServiceRef`
 * served by it in process for the backend's other plugins: the package's
 * default export, for `backend.add(import(...))`. A backend without it
 * reaches the router role through discovery.
 *
 * @public
 */
export const quantumlayerRouterFeatures = createBackendFeatureLoader({
  loader() {
    const slot = new LocalRouterSlot();
    return [
      createQuantumlayerRouterPlugin(slot),
      localLlmRouterServiceFactory(slot),
    ];
  },
});

/**
 * The router plugin alone, serving only its HTTP API: for a backend whose
 * other plugins should call it through discovery.
 *
 * @public
 */
export const quantumlayerRouterPlugin = createQuantumlayerRouterPlugin();
