import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { rootRouteRef } from './routes';

const workflowRunsPage = PageBlueprint.make({
  params: {
    path: '/quantumlayer',
    title: 'QuantumLayer',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/WorkflowRunsPage').then(m => <m.WorkflowRunsPage />),
  },
});

/**
 * QuantumLayer frontend plugin: a page listing generate-extended runs.
 *
 * @public
 */
export const quantumlayerPlugin = createFrontendPlugin({
  pluginId: 'quantumlayer',
  extensions: [workflowRunsPage],
  routes: { root: rootRouteRef },
});
