import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import quantumlayerPlugin from '@internal/backstage-plugin-quantumlayer';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    quantumlayerPlugin,
    navModule,
    homeModule,
    signInModule,
  ],
});
