import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import quantumlayerRouterFeatures from '@internal/backstage-plugin-quantumlayer-router-backend';
import { catalogWithMockUser } from '@internal/quantumlayer-test-utils';
import { quantumlayerPlugin } from '../plugin';
import { offlineTemplateStandIn } from './offline-template';

/**
 * Both QuantumLayer plugins as the portal runs them (the router in
 * process, offline), with Temporal down at 127.0.0.1:1; `features` adds
 * modules or replaces services. The mock user is a member of
 * `group:default/team-a`.
 */
export async function startPortalTestBackend(
  features: Parameters<typeof startTestBackend>[0]['features'] = [],
) {
  const backend = await startTestBackend({
    features: [
      quantumlayerPlugin,
      quantumlayerRouterFeatures,
      offlineTemplateStandIn,
      catalogWithMockUser('team-a'),
      ...features,
      mockServices.rootConfig.factory({
        data: {
          quantumlayer: {
            temporal: { role: 'client', address: '127.0.0.1:1' },
            vectorStore: { type: 'embedded', directory: ':memory:' },
          },
        },
      }),
    ],
  });
  return {
    backend,
    /** A Backstage user token (`mockCredentials.user`). */
    token: mockCredentials.user.token(),
    stop: () => backend.stop(),
  };
}
