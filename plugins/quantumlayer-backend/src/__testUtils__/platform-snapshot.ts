// Posture snapshots built from the imitation's fixtures (kube-api-server.ts),
// as readPlatform would build them with every list read: for the rules' unit
// tests, which need no server at all.
import { buildWorkloads } from '../platform/platform-model';
import type {
  PlatformSnapshot,
  ResourceName,
} from '../platform/platform-snapshot';
import { healthyPlatform, KubeObject } from './kube-api-server';

const RESOURCE_OF: Record<string, ResourceName> = {
  Deployment: 'deployments',
  Pod: 'pods',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  PodDisruptionBudget: 'poddisruptionbudgets',
  NetworkPolicy: 'networkpolicies',
  Service: 'services',
  Cluster: 'clusters',
  Pooler: 'poolers',
  ScheduledBackup: 'scheduledbackups',
  PeerAuthentication: 'peerauthentications',
  DestinationRule: 'destinationrules',
  VirtualService: 'virtualservices',
  Gateway: 'gateways',
  Sidecar: 'sidecars',
  ServiceEntry: 'serviceentries',
  Certificate: 'certificates',
};

export const NAMESPACES = ['quantumlayer', 'temporal'];

/** A snapshot of `objects` with every list read in the platform namespaces and istio-system. */
export function snapshotOf(objects: KubeObject[]): PlatformSnapshot {
  const lists = Object.fromEntries(
    Object.values(RESOURCE_OF).map(resource => [
      resource,
      Object.fromEntries(
        [...NAMESPACES, 'istio-system'].map(ns => [
          ns,
          { state: 'ok', items: [] as KubeObject[] },
        ]),
      ),
    ]),
  ) as any;
  for (const o of objects) {
    lists[RESOURCE_OF[o.kind]][o.metadata.namespace!].items.push(o);
  }
  return {
    namespaces: NAMESPACES,
    meshRootNamespace: 'istio-system',
    ingressNamespace: 'istio-system',
    readAt: Date.now(),
    maxBackupAgeMs: 26 * 3_600_000,
    edgeServices: ['api-gateway', 'temporal/workflow-api'],
    labelSelector: 'app.kubernetes.io/part-of=quantumlayer',
    lists,
  };
}

/** The healthy platform, changed by `change`, as a snapshot with its workloads. */
export function platform(change: (objects: KubeObject[]) => void = () => {}) {
  const objects = healthyPlatform().filter(
    // buildWorkloads takes Deployments as listed, i.e. already selected.
    o => o.kind !== 'Deployment' || o.metadata.name !== 'temporal-frontend',
  );
  change(objects);
  const snapshot = snapshotOf(objects);
  return { snapshot, workloads: buildWorkloads(snapshot) };
}

/** The fixture object of `kind` named `name`. */
export const named = (objects: KubeObject[], kind: string, name: string) =>
  objects.find(o => o.kind === kind && o.metadata.name === name)!;
