import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The plugin's page, `/quantumlayer` (it opens the runs tab). @public */
export const rootRouteRef = createRouteRef();

/** The workflow runs list, `/quantumlayer/runs`. @public */
export const runsRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/runs',
});

/** One run, `/quantumlayer/runs/:id`. @public */
export const runRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/runs/:id',
});

/** Platform health and posture, `/quantumlayer/health`. @public */
export const healthRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/health',
});

/** LLM router usage, `/quantumlayer/usage`. @public */
export const usageRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/usage',
});
