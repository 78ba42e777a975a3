import type { ListOutcome, ResourceTypes } from './platform-snapshot';
import { readList, ReadContext } from './read-list';

type CoreResource =
  | 'deployments'
  | 'pods'
  | 'horizontalpodautoscalers'
  | 'poddisruptionbudgets'
  | 'networkpolicies'
  | 'services';

/** Reads one resource in one namespace. */
export type ResourceReader<R extends keyof ResourceTypes> = (
  ctx: ReadContext,
  namespace: string,
  labelSelector: string,
) => Promise<ListOutcome<ResourceTypes[R]>>;

const list = (resource: string, namespace: string) => ({
  verb: 'list' as const,
  resource,
  namespace,
});

/**
 * The platform's core objects. Deployments are selected by the platform
 * label; pods, autoscalers, budgets, policies and services are listed whole
 * and matched to Deployments by selector, since they need not carry that
 * label.
 */
export const WORKLOAD_READERS: { [R in CoreResource]: ResourceReader<R> } = {
  deployments: (ctx, namespace, labelSelector) =>
    readList(list('deployments.apps', namespace), ctx, page =>
      ctx.client.apps.listNamespacedDeployment({
        namespace,
        labelSelector,
        ...page,
      }),
    ),
  pods: (ctx, namespace) =>
    readList(list('pods', namespace), ctx, page =>
      ctx.client.core.listNamespacedPod({ namespace, ...page }),
    ),
  horizontalpodautoscalers: (ctx, namespace) =>
    readList(
      list('horizontalpodautoscalers.autoscaling', namespace),
      ctx,
      page =>
        ctx.client.autoscaling.listNamespacedHorizontalPodAutoscaler({
          namespace,
          ...page,
        }),
    ),
  poddisruptionbudgets: (ctx, namespace) =>
    readList(list('poddisruptionbudgets.policy', namespace), ctx, page =>
      ctx.client.policy.listNamespacedPodDisruptionBudget({
        namespace,
        ...page,
      }),
    ),
  networkpolicies: (ctx, namespace) =>
    readList(list('networkpolicies.networking.k8s.io', namespace), ctx, page =>
      ctx.client.networking.listNamespacedNetworkPolicy({
        namespace,
        ...page,
      }),
    ),
  services: (ctx, namespace) =>
    readList(list('services', namespace), ctx, page =>
      ctx.client.core.listNamespacedService({ namespace, ...page }),
    ),
};
