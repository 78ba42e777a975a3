// An IMITATION of the Kubernetes API (fixtures served over loopback HTTP).
// The real server (__testUtils__/real-kube.ts, posture.real-kube.test.ts)
// checks the posture against the applied deploy/ overlay; this imitation stays
// for what only it can produce on demand: a server that accepts a list and
// never answers (the per-request deadline), a kind served in one version only
// (the v1 -> v1beta1 fallback), RBAC refusals of single resources without
// writing roles, 401s, and running pods with chosen containers and phases.
import http from 'http';
import type { AddressInfo } from 'net';
import certificates from '../platform/__fixtures__/platform/certificates.json';
import clusters from '../platform/__fixtures__/platform/clusters.json';
import deployments from '../platform/__fixtures__/platform/deployments.json';
import destinationrules from '../platform/__fixtures__/platform/destinationrules.json';
import gateways from '../platform/__fixtures__/platform/gateways.json';
import horizontalpodautoscalers from '../platform/__fixtures__/platform/horizontalpodautoscalers.json';
import networkpolicies from '../platform/__fixtures__/platform/networkpolicies.json';
import peerauthentications from '../platform/__fixtures__/platform/peerauthentications.json';
import poddisruptionbudgets from '../platform/__fixtures__/platform/poddisruptionbudgets.json';
import pods from '../platform/__fixtures__/platform/pods.json';
import poolers from '../platform/__fixtures__/platform/poolers.json';
import scheduledbackups from '../platform/__fixtures__/platform/scheduledbackups.json';
import serviceentries from '../platform/__fixtures__/platform/serviceentries.json';
import services from '../platform/__fixtures__/platform/services.json';
import sidecars from '../platform/__fixtures__/platform/sidecars.json';
import virtualservices from '../platform/__fixtures__/platform/virtualservices.json';
import forbiddenStatus from '../platform/__fixtures__/status/forbidden.json';
import notFoundStatus from '../platform/__fixtures__/status/not-found.json';
import unauthorizedStatus from '../platform/__fixtures__/status/unauthorized.json';
import type { RecordedCall } from '@internal/quantumlayer-test-utils';

/** An API object as the fixtures hold it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: any;
}

/** The fixtures' edge services (the seed's names, not deploy/'s). */
export const FIXTURE_EDGE_SERVICES = ['api-gateway', 'workflow-api'];

/** A resource the imitation serves: `<group>/<version>/<plural>` (core: `v1/<plural>`). */
const RESOURCES: Record<string, string> = {
  'v1/pods': 'Pod',
  'v1/services': 'Service',
  'apps/v1/deployments': 'Deployment',
  'autoscaling/v2/horizontalpodautoscalers': 'HorizontalPodAutoscaler',
  'policy/v1/poddisruptionbudgets': 'PodDisruptionBudget',
  'networking.k8s.io/v1/networkpolicies': 'NetworkPolicy',
  'postgresql.cnpg.io/v1/clusters': 'Cluster',
  'postgresql.cnpg.io/v1/poolers': 'Pooler',
  'postgresql.cnpg.io/v1/scheduledbackups': 'ScheduledBackup',
  'cert-manager.io/v1/certificates': 'Certificate',
  'security.istio.io/v1/peerauthentications': 'PeerAuthentication',
  'security.istio.io/v1beta1/peerauthentications': 'PeerAuthentication',
  'networking.istio.io/v1/destinationrules': 'DestinationRule',
  'networking.istio.io/v1beta1/destinationrules': 'DestinationRule',
  'networking.istio.io/v1/virtualservices': 'VirtualService',
  'networking.istio.io/v1beta1/virtualservices': 'VirtualService',
  'networking.istio.io/v1/gateways': 'Gateway',
  'networking.istio.io/v1beta1/gateways': 'Gateway',
  'networking.istio.io/v1/sidecars': 'Sidecar',
  'networking.istio.io/v1beta1/sidecars': 'Sidecar',
  'networking.istio.io/v1/serviceentries': 'ServiceEntry',
  'networking.istio.io/v1beta1/serviceentries': 'ServiceEntry',
};

/** Every group/version the imitation can serve. */
export const ALL_GROUP_VERSIONS = [
  ...new Set(
    Object.keys(RESOURCES).map(key => key.split('/').slice(0, -1).join('/')),
  ),
];

/**
 * The healthy platform of the fixtures: every posture rule passes. Its
 * database's last backup is dated an hour ago, so it never grows too old.
 */
export function healthyPlatform(): KubeObject[] {
  const lists = [
    deployments,
    pods,
    services,
    horizontalpodautoscalers,
    poddisruptionbudgets,
    networkpolicies,
    clusters,
    poolers,
    peerauthentications,
    scheduledbackups,
    destinationrules,
    virtualservices,
    gateways,
    sidecars,
    serviceentries,
    certificates,
  ] as Array<{ items: unknown[] }>;
  const objects = structuredClone(
    lists.flatMap(list => list.items),
  ) as KubeObject[];
  for (const cluster of objects.filter(o => o.kind === 'Cluster')) {
    cluster.status.lastSuccessfulBackup = new Date(
      Date.now() - 3_600_000,
    ).toISOString();
  }
  return objects;
}

/** What the imitation holds and how it answers; tests may change it between calls. */
export interface KubeApiState {
  objects: KubeObject[];
  /** Group/versions with their CRDs installed (`postgresql.cnpg.io/v1`, `v1` for core). */
  served: string[];
  /** RBAC denials: `list` of `<plural>[.<group>]`, in one namespace or all. */
  forbidden: Array<{ resource: string; namespace?: string }>;
  /** The bearer token every request must carry. */
  token?: string;
  /** Accept requests but never answer them, like a hung API server. */
  hang?: boolean;
}

export interface KubeApiServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  calls: RecordedCall[];
  state: KubeApiState;
  close(): Promise<void>;
}

/** Equality-based label selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`), comma-separated. */
function labelsMatch(selector: string, labels: Record<string, string> = {}) {
  return selector
    .split(',')
    .map(term => term.trim())
    .filter(Boolean)
    .every(term => {
      const unequal = /^([^!=]+)!=(.*)$/.exec(term);
      if (unequal) return labels[unequal[1]] !== unequal[2];
      const equal = /^([^!=]+)==?(.*)$/.exec(term);
      if (equal) return labels[equal[1]] === equal[2];
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    });
}

/** `/api/v1/namespaces/<ns>/<plural>` or `/apis/<group>/<version>/namespaces/<ns>/<plural>` */
function parsePath(pathname: string) {
  const core = /^\/api\/(v1)\/namespaces\/([^/]+)\/([^/]+)$/.exec(pathname);
  if (core) {
    return { group: '', version: core[1], namespace: core[2], plural: core[3] };
  }
  const named = /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)$/.exec(
    pathname,
  );
  return named
    ? {
        group: named[1],
        version: named[2],
        namespace: named[3],
        plural: named[4],
      }
    : undefined;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function forbidden(group: string, plural: string, namespace: string) {
  const resource = group ? `${plural}.${group}` : plural;
  return {
    ...forbiddenStatus,
    message: `${resource} is forbidden: User "system:serviceaccount:backstage:backstage" cannot list resource "${plural}" in API group "${group}" in the namespace "${namespace}"`,
    details: { group, kind: plural },
  };
}

function answer(
  state: KubeApiState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
) {
  if (state.token && req.headers.authorization !== `Bearer ${state.token}`) {
    send(res, 401, unauthorizedStatus);
    return;
  }
  const url = new URL(req.url!, 'http://kube.test');
  const target = parsePath(url.pathname);
  const groupVersion = target?.group
    ? `${target.group}/${target.version}`
    : target?.version;
  const kind =
    target && RESOURCES[`${groupVersion}/${target.plural}`] !== undefined
      ? RESOURCES[`${groupVersion}/${target.plural}`]
      : undefined;
  if (req.method !== 'GET' || !target || !kind) {
    send(res, 404, notFoundStatus);
    return;
  }
  const resource = target.group
    ? `${target.plural}.${target.group}`
    : target.plural;
  if (
    state.forbidden.some(
      f =>
        f.resource === resource &&
        (f.namespace === undefined || f.namespace === target.namespace),
    )
  ) {
    send(res, 403, forbidden(target.group, target.plural, target.namespace));
    return;
  }
  if (!state.served.includes(groupVersion!)) {
    send(res, 404, notFoundStatus);
    return;
  }
  const selector = url.searchParams.get('labelSelector') ?? '';
  const items = state.objects
    .filter(
      o =>
        o.kind === kind &&
        (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '') ===
          target.group &&
        o.metadata.namespace === target.namespace &&
        labelsMatch(selector, o.metadata.labels),
    )
    .map(o => ({ ...o, apiVersion: groupVersion }));
  send(res, 200, {
    apiVersion: groupVersion,
    kind: `${kind}List`,
    metadata: { resourceVersion: '41999' },
    items,
  });
}

/**
 * A Kubernetes API server imitation on 127.0.0.1 that answers the list calls
 * of the posture reader from fixture objects: namespaces and label selectors
 * filter, missing CRDs answer 404 and RBAC denials 403 with the API server's
 * own `Status` bodies, and a wrong bearer token gets 401.
 */
export async function startKubeApiServer(
  initial: Partial<KubeApiState> = {},
): Promise<KubeApiServer> {
  const state: KubeApiState = {
    objects: initial.objects ?? healthyPlatform(),
    served: initial.served ?? [...ALL_GROUP_VERSIONS],
    forbidden: initial.forbidden ?? [],
    token: initial.token,
    hang: initial.hang,
  };
  const calls: RecordedCall[] = [];
  const server = http.createServer((req, res) => {
    calls.push({
      method: req.method!,
      path: req.url!,
      headers: req.headers,
      body: undefined,
    });
    req.resume();
    req.on('end', () => {
      if (!state.hang) answer(state, req, res);
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    state,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
