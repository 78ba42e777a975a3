import type { KubernetesSettings } from './kubernetes-settings';
import type { PlatformSnapshot } from './platform-snapshot';
import { readCnpg } from './read-cnpg';
import { readIstio, readPeerAuthentications } from './read-istio';
import type { ReadContext } from './read-list';
import { readWorkloads } from './read-workloads';

/**
 * Reads every platform namespace in parallel (core objects, CloudNativePG,
 * Istio) plus the mesh root's PeerAuthentications. Failures are kept per
 * resource and namespace, so one forbidden list leaves the rest intact.
 */
export async function readPlatform(
  ctx: ReadContext,
  settings: KubernetesSettings,
): Promise<PlatformSnapshot> {
  const { namespaces, meshRootNamespace } = settings;
  const [perNamespace, meshRoot] = await Promise.all([
    Promise.all(
      namespaces.map(async ns => {
        const [workloads, cnpg, istio] = await Promise.all([
          readWorkloads(ctx, ns, settings.labelSelector),
          readCnpg(ctx, ns),
          readIstio(ctx, ns),
        ]);
        return { ns, lists: { ...workloads, ...cnpg, ...istio } };
      }),
    ),
    namespaces.includes(meshRootNamespace)
      ? undefined
      : readPeerAuthentications(ctx, meshRootNamespace),
  ]);
  const snapshot: PlatformSnapshot = {
    namespaces,
    meshRootNamespace,
    edgeServices: settings.edgeServices,
    labelSelector: settings.labelSelector,
    lists: {
      deployments: {},
      pods: {},
      horizontalpodautoscalers: {},
      poddisruptionbudgets: {},
      networkpolicies: {},
      services: {},
      clusters: {},
      poolers: {},
      peerauthentications: {},
      destinationrules: {},
      virtualservices: {},
    },
  };
  for (const { ns, lists } of perNamespace) {
    snapshot.lists.deployments[ns] = lists.deployments;
    snapshot.lists.pods[ns] = lists.pods;
    snapshot.lists.horizontalpodautoscalers[ns] =
      lists.horizontalpodautoscalers;
    snapshot.lists.poddisruptionbudgets[ns] = lists.poddisruptionbudgets;
    snapshot.lists.networkpolicies[ns] = lists.networkpolicies;
    snapshot.lists.services[ns] = lists.services;
    snapshot.lists.clusters[ns] = lists.clusters;
    snapshot.lists.poolers[ns] = lists.poolers;
    snapshot.lists.peerauthentications[ns] = lists.peerauthentications;
    snapshot.lists.destinationrules[ns] = lists.destinationrules;
    snapshot.lists.virtualservices[ns] = lists.virtualservices;
  }
  if (meshRoot) {
    snapshot.lists.peerauthentications[meshRootNamespace] = meshRoot;
  }
  return snapshot;
}
