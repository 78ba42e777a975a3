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
    deployments: readList(list('deployments.apps'), ctx, page =>
      apps.listNamespacedDeployment({ namespace, labelSelector, ...page }),
    ),
    pods: readList(list('pods'), ctx, page =>
      core.listNamespacedPod({ namespace, ...page }),
    ),
    horizontalpodautoscalers: readList(
      list('horizontalpodautoscalers.autoscaling'),
      ctx,
      page =>
        autoscaling.listNamespacedHorizontalPodAutoscaler({
          namespace,
          ...page,
        }),
    ),
    poddisruptionbudgets: readList(
      list('poddisruptionbudgets.policy'),
      ctx,
      page => policy.listNamespacedPodDisruptionBudget({ namespace, ...page }),
    ),
    networkpolicies: readList(
      list('networkpolicies.networking.k8s.io'),
      ctx,
      page => networking.listNamespacedNetworkPolicy({ namespace, ...page }),
    ),
    services: readList(list('services'), ctx, page =>
      core.listNamespacedService({ namespace, ...page }),
    ),
  });
}
