import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** Replaces the app's default sign-in page (Guest card only). */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () =>
      import('./DevUsersSignInPage').then(m => m.DevUsersSignInPage),
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
