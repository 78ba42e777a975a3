import type {
  V1Deployment,
  V1NetworkPolicy,
  V1Pod,
  V1PodDisruptionBudget,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { CnpgCluster, CnpgPooler } from './cnpg-api';
import type {
  DestinationRule,
  PeerAuthentication,
  VirtualService,
} from './istio-api';
import type { KubeFailureKind } from './kube-errors';

/** One list call's result: its items, or why there are none. */
export type ListOutcome<T> =
  | { state: 'ok'; items: T[] }
  | { state: KubeFailureKind; items: T[]; message: string };

/** What each listed resource holds. */
export interface ResourceTypes {
  deployments: V1Deployment;
  pods: V1Pod;
  horizontalpodautoscalers: V2HorizontalPodAutoscaler;
  poddisruptionbudgets: V1PodDisruptionBudget;
  networkpolicies: V1NetworkPolicy;
  services: V1Service;
  clusters: CnpgCluster;
  poolers: CnpgPooler;
  peerauthentications: PeerAuthentication;
  destinationrules: DestinationRule;
  virtualservices: VirtualService;
}

export type ResourceName = keyof ResourceTypes;

/** Core resources: a failure on one of them is the `kubernetes` section's. */
export const CORE_RESOURCES: ResourceName[] = [
  'deployments',
  'pods',
  'horizontalpodautoscalers',
  'poddisruptionbudgets',
  'networkpolicies',
  'services',
];
export const CNPG_RESOURCES: ResourceName[] = ['clusters', 'poolers'];
export const ISTIO_RESOURCES: ResourceName[] = [
  'peerauthentications',
  'destinationrules',
  'virtualservices',
];

/** Everything read from the cluster for one report, by resource and namespace. */
export interface PlatformSnapshot {
  /** The platform's namespaces, in configuration order. */
  namespaces: string[];
  /** Read for mesh-wide PeerAuthentications only. */
  meshRootNamespace: string;
  edgeServices: string[];
  /** Selects the platform's Deployments. */
  labelSelector: string;
  lists: {
    [R in ResourceName]: Record<string, ListOutcome<ResourceTypes[R]>>;
  };
}

/** The outcomes of one resource in the given namespaces that are not `ok`. */
export function failures(
  snapshot: PlatformSnapshot,
  resource: ResourceName,
  namespaces: string[],
): Array<Exclude<ListOutcome<unknown>, { state: 'ok' }>> {
  return namespaces
    .map(ns => snapshot.lists[resource][ns])
    .filter(
      (o): o is Exclude<ListOutcome<any>, { state: 'ok' }> =>
        o !== undefined && o.state !== 'ok',
    );
}

/** Items of one resource over the given namespaces (those that could be read). */
export function itemsOf<R extends ResourceName>(
  snapshot: PlatformSnapshot,
  resource: R,
  namespaces: string[] = snapshot.namespaces,
): Array<ResourceTypes[R]> {
  return namespaces.flatMap(ns => snapshot.lists[resource][ns]?.items ?? []);
}
