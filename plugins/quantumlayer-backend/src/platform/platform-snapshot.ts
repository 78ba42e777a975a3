import type {
  V1Deployment,
  V1NetworkPolicy,
  V1Pod,
  V1PodDisruptionBudget,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { Certificate } from './cert-manager-api';
import type { CnpgCluster, CnpgPooler, CnpgScheduledBackup } from './cnpg-api';
import type {
  DestinationRule,
  IstioGateway,
  IstioSidecar,
  PeerAuthentication,
  ServiceEntry,
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
  scheduledbackups: CnpgScheduledBackup;
  peerauthentications: PeerAuthentication;
  destinationrules: DestinationRule;
  virtualservices: VirtualService;
  gateways: IstioGateway;
  sidecars: IstioSidecar;
  serviceentries: ServiceEntry;
  certificates: Certificate;
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
export const CNPG_RESOURCES: ResourceName[] = [
  'clusters',
  'poolers',
  'scheduledbackups',
];
export const ISTIO_RESOURCES: ResourceName[] = [
  'peerauthentications',
  'destinationrules',
  'virtualservices',
  'gateways',
  'sidecars',
  'serviceentries',
];

/**
 * Where a resource is read: the platform namespaces, the mesh root (mesh-wide
 * policies) and the ingress gateway's namespace (its Gateways and the
 * Certificates behind their TLS).
 */
export type ReadScope = 'platform' | 'meshRoot' | 'ingress';

export const READ_SCOPES: Record<ResourceName, ReadScope[]> = {
  deployments: ['platform'],
  pods: ['platform'],
  horizontalpodautoscalers: ['platform'],
  poddisruptionbudgets: ['platform'],
  networkpolicies: ['platform'],
  services: ['platform'],
  clusters: ['platform'],
  poolers: ['platform'],
  scheduledbackups: ['platform'],
  peerauthentications: ['platform', 'meshRoot'],
  destinationrules: ['platform'],
  virtualservices: ['platform'],
  gateways: ['platform', 'ingress'],
  sidecars: ['platform', 'meshRoot'],
  serviceentries: ['platform'],
  certificates: ['ingress'],
};

/** The namespaces each scope stands for. */
export interface ScopeNamespaces {
  namespaces: string[];
  meshRootNamespace: string;
  ingressNamespace: string;
}

/** The namespaces one resource is read in, without repeats. */
export function namespacesOf(
  resource: ResourceName,
  scopes: ScopeNamespaces,
): string[] {
  const all = READ_SCOPES[resource].flatMap(scope => {
    if (scope === 'platform') return scopes.namespaces;
    return [
      scope === 'meshRoot' ? scopes.meshRootNamespace : scopes.ingressNamespace,
    ];
  });
  return [...new Set(all)];
}

/** Everything read from the cluster for one report, by resource and namespace. */
export interface PlatformSnapshot extends ScopeNamespaces {
  /** When the lists were read (ms since the epoch): the backup rules' now. */
  readAt: number;
  /** A backup older than this fails `cnpg-last-backup`. */
  maxBackupAgeMs: number;
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
