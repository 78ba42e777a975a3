import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { rootRouteRef } from './routes';

/** A small atom-like mark for the sidebar (24px, currentColor). */
const quantumlayerIcon = (
  <svg
    width="24"
    height="24"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.6"
    aria-hidden="true"
  >
    <circle cx="12" cy="12" r="2" fill="currentColor" />
    <ellipse cx="12" cy="12" rx="10" ry="4" />
    <ellipse cx="12" cy="12" rx="10" ry="4" transform="rotate(60 12 12)" />
    <ellipse cx="12" cy="12" rx="10" ry="4" transform="rotate(120 12 12)" />
  </svg>
);

const workflowRunsPage = PageBlueprint.make({
  params: {
    path: '/quantumlayer',
    title: 'QuantumLayer',
    icon: quantumlayerIcon,
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
