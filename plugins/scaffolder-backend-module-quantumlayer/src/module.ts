import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGenerateAction } from './actions/generate';
import { QuantumlayerApiClient } from './client/QuantumlayerApiClient';

/**
 * Adds `quantumlayer:generate` to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleQuantumlayer = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'quantumlayer',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, discovery, auth }) {
        const c = config.getOptionalConfig('quantumlayer.scaffolder');
        scaffolder.addActions(
          createGenerateAction({
            api: new QuantumlayerApiClient(discovery, auth),
            limits: {
              maxFileBytes: c?.getOptionalNumber('maxFileBytes') ?? 1024 * 1024,
              maxTotalBytes:
                c?.getOptionalNumber('maxTotalBytes') ?? 10 * 1024 * 1024,
            },
            longPollMs: c?.getOptionalNumber('longPollMs') ?? 2000,
            pollIntervalMs: c?.getOptionalNumber('pollIntervalMs') ?? 100,
            timeoutMs: (c?.getOptionalNumber('timeoutMinutes') ?? 30) * 60_000,
          }),
        );
      },
    });
  },
});
