import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { quantumlayerApiRef } from './api/QuantumlayerApi';
import { QuantumlayerClient } from './api/QuantumlayerClient';
import {
  isQuantumlayerGeneratedComponent,
  isQuantumlayerHealthResource,
} from './components/EntityCards/annotations';
import { quantumlayerIcon } from './icon';
import {
  healthRouteRef,
  rootRouteRef,
  runRouteRef,
  runsRouteRef,
  usageRouteRef,
} from './routes';

const quantumlayerApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: quantumlayerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new QuantumlayerClient({ discoveryApi, fetchApi }),
    }),
});

/** `/quantumlayer`: the header with one tab per sub-page (and the sidebar item). */
const quantumlayerPage = PageBlueprint.make({
  params: {
    path: '/quantumlayer',
    title: 'QuantumLayer',
    icon: quantumlayerIcon,
    routeRef: rootRouteRef,
  },
});

const runsSubPage = SubPageBlueprint.make({
  name: 'runs',
  params: {
    path: 'runs',
    title: 'Workflow runs',
    loader: () =>
      import('./components/WorkflowRunsPage/WorkflowRunsRoutes').then(m => (
        <m.WorkflowRunsRoutes />
      )),
  },
});

const healthSubPage = SubPageBlueprint.make({
  name: 'health',
  params: {
    path: 'health',
    title: 'Platform health',
    loader: () =>
      import('./components/PlatformHealthPage/PlatformHealthPage').then(m => (
        <m.PlatformHealthPage />
      )),
  },
});

const usageSubPage = SubPageBlueprint.make({
  name: 'usage',
  params: {
    path: 'usage',
    title: 'Router usage',
    loader: () =>
      import('./components/RouterUsagePage/RouterUsagePage').then(m => (
        <m.RouterUsagePage />
      )),
  },
});

/** On the overview of a Resource annotated `quantumlayer.io/health-check`. */
const entityHealthCheckCard = EntityCardBlueprint.make({
  name: 'health-check',
  params: {
    filter: isQuantumlayerHealthResource,
    loader: () =>
      import('./components/EntityCards/EntityCardContent').then(m => (
        <m.EntityHealthCheckCard />
      )),
  },
});

/** On the overview of a Component annotated `quantumlayer.io/workflow-id`. */
const entityWorkflowRunCard = EntityCardBlueprint.make({
  name: 'workflow-run',
  params: {
    filter: isQuantumlayerGeneratedComponent,
    loader: () =>
      import('./components/EntityCards/EntityCardContent').then(m => (
        <m.EntityWorkflowRunCard />
      )),
  },
});

/**
 * QuantumLayer frontend plugin: workflow runs (list and detail with
 * approval, cancel and artifact files), platform health and posture, and
 * LLM router usage; entity cards for health-check Resources and generated
 * Components.
 *
 * @public
 */
export const quantumlayerPlugin = createFrontendPlugin({
  pluginId: 'quantumlayer',
  title: 'QuantumLayer',
  icon: quantumlayerIcon,
  extensions: [
    quantumlayerApi,
    quantumlayerPage,
    runsSubPage,
    healthSubPage,
    usageSubPage,
    entityHealthCheckCard,
    entityWorkflowRunCard,
  ],
  routes: {
    root: rootRouteRef,
    runs: runsRouteRef,
    run: runRouteRef,
    health: healthRouteRef,
    usage: usageRouteRef,
  },
});
