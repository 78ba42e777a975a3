import type { ReadContext } from './read-list';
import { readAll, readList } from './read-list';

/**
 * The platform's core objects in one namespace. Deployments are selected by
 * the platform label; pods, autoscalers, budgets, policies and services are
 * listed whole and matched to Deployments by selector, since they need not
 * carry that label.
 */
export async function readWorkloads(
  ctx: ReadContext,
  namespace: string,
  labelSelector: string,
) {
  const { apps, core, autoscaling, policy, networking } = ctx.client;
  const list = (resource: string) => ({
    verb: 'list' as const,
    resource,
    namespace,
  });
  return readAll({
    deployments: readList(list('deployments.apps'), ctx, () =>
      apps.listNamespacedDeployment({ namespace, labelSelector }),
    ),
    pods: readList(list('pods'), ctx, () =>
      core.listNamespacedPod({ namespace }),
    ),
    horizontalpodautoscalers: readList(
      list('horizontalpodautoscalers.autoscaling'),
      ctx,
      () => autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace }),
    ),
    poddisruptionbudgets: readList(
      list('poddisruptionbudgets.policy'),
      ctx,
      () => policy.listNamespacedPodDisruptionBudget({ namespace }),
    ),
    networkpolicies: readList(
      list('networkpolicies.networking.k8s.io'),
      ctx,
      () => networking.listNamespacedNetworkPolicy({ namespace }),
    ),
    services: readList(list('services'), ctx, () =>
      core.listNamespacedService({ namespace }),
    ),
  });
}
