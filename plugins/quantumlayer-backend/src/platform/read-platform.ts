import type { KubernetesSettings } from './kubernetes-settings';
import {
  ListOutcome,
  namespacesOf,
  PlatformSnapshot,
  READ_SCOPES,
  ResourceName,
} from './platform-snapshot';
import type { ReadContext } from './read-list';
import { ISTIO_READERS } from './read-istio';
import { OPERATOR_READERS } from './read-operators';
import { ResourceReader, WORKLOAD_READERS } from './read-workloads';

const READERS: { [R in ResourceName]: ResourceReader<R> } = {
  ...WORKLOAD_READERS,
  ...OPERATOR_READERS,
  ...ISTIO_READERS,
};

/**
 * Reads every resource in every namespace of its scope (READ_SCOPES), all in
 * parallel. Failures are kept per resource and namespace, so one forbidden
 * list leaves the rest intact.
 */
export async function readPlatform(
  ctx: ReadContext,
  settings: KubernetesSettings,
): Promise<PlatformSnapshot> {
  const resources = Object.keys(READ_SCOPES) as ResourceName[];
  const reads = resources.flatMap(resource =>
    namespacesOf(resource, settings).map(async namespace => ({
      resource,
      namespace,
      outcome: (await READERS[resource](
        ctx,
        namespace,
        settings.labelSelector,
      )) as ListOutcome<any>,
    })),
  );
  const lists = Object.fromEntries(
    resources.map(resource => [resource, {}]),
  ) as PlatformSnapshot['lists'];
  for (const { resource, namespace, outcome } of await Promise.all(reads)) {
    (lists[resource] as Record<string, ListOutcome<any>>)[namespace] = outcome;
  }
  return {
    namespaces: settings.namespaces,
    meshRootNamespace: settings.meshRootNamespace,
    ingressNamespace: settings.ingressNamespace,
    readAt: Date.now(),
    maxBackupAgeMs: settings.maxBackupAgeMs,
    edgeServices: settings.edgeServices,
    labelSelector: settings.labelSelector,
    lists,
  };
}
