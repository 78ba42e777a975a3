import { useRouteRef } from '@backstage/frontend-plugin-api';
import { runRouteRef } from '../../routes';

/** The path of a run's page; falls back to the default mount when the route is not bound. */
export function useRunLink(): (workflowId: string) => string {
  const runRoute = useRouteRef(runRouteRef);
  return (workflowId: string) =>
    runRoute?.({ id: workflowId }) ??
    `/quantumlayer/runs/${encodeURIComponent(workflowId)}`;
}
