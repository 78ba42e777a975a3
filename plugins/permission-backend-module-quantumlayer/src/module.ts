import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { QuantumlayerPermissionPolicy } from './policy';
import { readPolicySettings } from './settings';

/**
 * Installs QuantumLayer's permission policy in the permission backend, in
 * place of allow-all. Settings: `quantumlayer.permissions`.
 *
 * @public
 */
export const permissionModuleQuantumlayerPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'quantumlayer-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, logger, userInfo }) {
        const settings = readPolicySettings(config);
        if (settings.adminGroups.length === 0) {
          logger.warn(
            'quantumlayer.permissions.adminGroups is empty: no user may manage LLM budgets or read all runs; set it to your platform team group',
          );
        }
        logger.info(
          `QuantumLayer permission policy: admins ${
            settings.adminGroups.join(', ') || '(none)'
          }; approvers ${settings.approverGroups.join(', ') || '(none)'}`,
        );
        policy.setPolicy(new QuantumlayerPermissionPolicy(settings, userInfo));
      },
    });
  },
});
