import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { QuantumlayerEntityProvider } from './providers/QuantumlayerEntityProvider';

/**
 * Adds the QuantumLayer platform (System, Components, Resources, APIs) to
 * the catalog through `QuantumlayerEntityProvider`.
 *
 * @public
 */
export const catalogModuleQuantumlayer = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'quantumlayer',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        if (
          config.getOptionalBoolean('quantumlayer.catalog.enabled') === false
        ) {
          logger.info(
            'quantumlayer.catalog.enabled is false; no platform entities',
          );
          return;
        }
        catalog.addEntityProvider(
          QuantumlayerEntityProvider.fromConfig(config, { logger, scheduler }),
        );
      },
    });
  },
});
