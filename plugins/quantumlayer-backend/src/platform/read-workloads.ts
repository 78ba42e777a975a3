import type { ReadContext } from './read-list';
import { readList } from './read-list';

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
  const [
    deployments,
    pods,
    horizontalpodautoscalers,
    poddisruptionbudgets,
    networkpolicies,
    services,
  ] = await Promise.all([
    readList(list('deployments.apps'), ctx, () =>
      apps.listNamespacedDeployment({ namespace, labelSelector }),
    ),
    readList(list('pods'), ctx, () => core.listNamespacedPod({ namespace })),
    readList(list('horizontalpodautoscalers.autoscaling'), ctx, () =>
      autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace }),
    ),
    readList(list('poddisruptionbudgets.policy'), ctx, () =>
      policy.listNamespacedPodDisruptionBudget({ namespace }),
    ),
    readList(list('networkpolicies.networking.k8s.io'), ctx, () =>
      networking.listNamespacedNetworkPolicy({ namespace }),
    ),
    readList(list('services'), ctx, () =>
      core.listNamespacedService({ namespace }),
    ),
  ]);
  return {
    deployments,
    pods,
    horizontalpodautoscalers,
    poddisruptionbudgets,
    networkpolicies,
    services,
  };
}
