import type { PostureReport } from '@internal/backstage-plugin-quantumlayer-common';
import { failoverState } from './rules/cnpg-rules';
import { hasConnectionPool, hasOutlierDetection } from './rules/istio-rules';
import type { WorkloadFacts } from './platform-model';
import {
  CNPG_RESOURCES,
  CORE_RESOURCES,
  ISTIO_RESOURCES,
  ListOutcome,
  PlatformSnapshot,
  ResourceName,
} from './platform-snapshot';

type Outcome = ListOutcome<unknown>;

function outcomes(snapshot: PlatformSnapshot, resources: ResourceName[]) {
  return resources.flatMap(r => Object.values(snapshot.lists[r]) as Outcome[]);
}

function joined(list: Outcome[]) {
  const messages = list.flatMap(o => (o.state === 'ok' ? [] : [o.message]));
  return messages.length > 0 ? [...new Set(messages)].join('; ') : undefined;
}

/** The worst state first: error, then forbidden, then not-installed. */
function worst(list: Outcome[]) {
  for (const state of ['error', 'forbidden', 'not-installed'] as const) {
    const matching = list.filter(o => o.state === state);
    if (matching.length > 0) {
      return { state, message: joined(matching) };
    }
  }
  return { state: 'ok' as const, message: undefined };
}

/** `error` or `forbidden` when a core list failed; a 404 on a core type is an error too. */
export function kubernetesSection(
  snapshot: PlatformSnapshot,
  server: string,
): PostureReport['kubernetes'] {
  const { state, message } = worst(outcomes(snapshot, CORE_RESOURCES));
  if (state === 'ok') {
    return { status: 'ok', server };
  }
  return {
    status: state === 'forbidden' ? 'forbidden' : 'error',
    message,
    server,
  };
}

/** An optional component is installed when at least one of its lists was read. */
function component(snapshot: PlatformSnapshot, resources: ResourceName[]) {
  const list = outcomes(snapshot, resources);
  const { state, message } = worst(list);
  return {
    installed: list.some(o => o.state === 'ok'),
    status: state,
    ...(message ? { message } : {}),
  };
}

export function workloadsSection(
  workloads: WorkloadFacts[],
): PostureReport['workloads'] {
  return workloads.map(w => {
    let sidecar: boolean | null = null;
    if (w.pods.length > 0 && w.podsWithSidecar === w.pods.length) {
      sidecar = true;
    } else if (w.pods.length > 0 && w.podsWithSidecar === 0) {
      sidecar = false;
    }
    return {
      kind: 'Deployment',
      namespace: w.namespace,
      name: w.name,
      replicas: w.deployment.spec?.replicas ?? 1,
      readyReplicas: w.deployment.status?.readyReplicas ?? 0,
      sidecar,
      edge: w.edge,
      hpa: w.hpa?.metadata?.name ?? null,
      pdb: w.pdb?.metadata?.name ?? null,
    };
  });
}

export function cnpgSection(snapshot: PlatformSnapshot): PostureReport['cnpg'] {
  const ns = snapshot.namespaces;
  return {
    ...component(snapshot, CNPG_RESOURCES),
    clusters: ns.flatMap(namespace =>
      (snapshot.lists.clusters[namespace]?.items ?? []).map(c => ({
        namespace,
        name: c.metadata.name,
        instances: c.spec?.instances ?? 1,
        readyInstances: c.status?.readyInstances ?? 0,
        primary: c.status?.currentPrimary ?? null,
        phase: c.status?.phase ?? null,
        failover: failoverState(c),
      })),
    ),
    poolers: ns.flatMap(namespace =>
      (snapshot.lists.poolers[namespace]?.items ?? []).map(p => ({
        namespace,
        name: p.metadata.name,
        cluster: p.spec.cluster.name,
        instances: p.spec.instances ?? 1,
        type: p.spec.type ?? 'rw',
      })),
    ),
  };
}

export function istioSection(
  snapshot: PlatformSnapshot,
): PostureReport['istio'] {
  const lists = snapshot.lists;
  const withRoot = [...snapshot.namespaces];
  if (!withRoot.includes(snapshot.meshRootNamespace)) {
    withRoot.push(snapshot.meshRootNamespace);
  }
  return {
    ...component(snapshot, ISTIO_RESOURCES),
    peerAuthentications: withRoot.flatMap(namespace =>
      (lists.peerauthentications[namespace]?.items ?? []).map(p => ({
        namespace,
        name: p.metadata.name,
        mode: p.spec?.mtls?.mode ?? null,
      })),
    ),
    destinationRules: snapshot.namespaces.flatMap(namespace =>
      (lists.destinationrules[namespace]?.items ?? []).map(d => ({
        namespace,
        name: d.metadata.name,
        host: d.spec.host,
        outlierDetection: hasOutlierDetection(d),
        connectionPool: hasConnectionPool(d),
      })),
    ),
    virtualServices: snapshot.namespaces.flatMap(namespace =>
      (lists.virtualservices[namespace]?.items ?? []).map(v => {
        const attempts = (v.spec.http ?? []).flatMap(route =>
          typeof route.retries?.attempts === 'number'
            ? [route.retries.attempts]
            : [],
        );
        return {
          namespace,
          name: v.metadata.name,
          hosts: v.spec.hosts ?? [],
          retries: attempts.length > 0 ? Math.max(...attempts) : null,
        };
      }),
    ),
  };
}

/** Whether any list at all was read (false when the API server is unreachable). */
export function anythingRead(snapshot: PlatformSnapshot) {
  return Object.values(snapshot.lists).some(byNamespace =>
    Object.values(byNamespace as Record<string, Outcome>).some(
      o => o.state === 'ok',
    ),
  );
}
