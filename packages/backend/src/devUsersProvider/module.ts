import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { devUsersAuthenticator } from './authenticator';
import { signInAsDevUser } from './resolver';

/**
 * The `dev-users` auth provider: development sign-in as one of the catalog
 * users listed in `auth.providers.dev-users.users`.
 */
export const authModuleDevUsersProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'dev-users-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'dev-users',
          factory: createProxyAuthProviderFactory({
            authenticator: devUsersAuthenticator,
            signInResolver: signInAsDevUser,
          }),
        });
      },
    });
  },
});
