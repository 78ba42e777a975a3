import type { RenderedObject } from './rendered-manifests';

/** A pod as NetworkPolicy sees it: its namespace and labels. */
export interface PodRef {
  namespace: string;
  labels: Record<string, string>;
}

/**
 * matchLabels only; a selector with matchExpressions is taken as matching
 * nothing (deploy/ uses none), so the answer errs towards "blocked".
 */
function selects(selector: any, labels: Record<string, string>): boolean {
  if (selector?.matchExpressions?.length) return false;
  return Object.entries(selector?.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
}

function peerMatches(peer: any, policyNamespace: string, pod: PodRef) {
  if (peer.ipBlock) return false; // deploy/'s ipBlocks exclude the cluster ranges
  const namespaceOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, {
        'kubernetes.io/metadata.name': pod.namespace,
      })
    : pod.namespace === policyNamespace;
  return namespaceOk && selects(peer.podSelector ?? {}, pod.labels);
}

function portMatches(ports: any[] | undefined, port: number) {
  return (
    !ports?.length ||
    ports.some(
      p =>
        (p.protocol ?? 'TCP') === 'TCP' &&
        (p.port === undefined || p.port === port),
    )
  );
}

/** Whether the policies that isolate `pod` in `direction` let `peer` through on `port`. */
function allowed(
  policies: RenderedObject[],
  direction: 'Ingress' | 'Egress',
  pod: PodRef,
  peer: PodRef,
  port: number,
): boolean {
  const isolating = policies.filter(
    p =>
      p.metadata.namespace === pod.namespace &&
      (p.spec?.policyTypes ?? ['Ingress']).includes(direction) &&
      selects(p.spec?.podSelector ?? {}, pod.labels),
  );
  if (isolating.length === 0) return true;
  const rulesKey = direction === 'Ingress' ? 'ingress' : 'egress';
  // client-node's model (parseRendered, the live API) names ingress `from` `_from`.
  const peersOf = (rule: any): any[] | undefined =>
    direction === 'Ingress' ? rule.from ?? rule._from : rule.to;
  return isolating.some(policy =>
    (policy.spec[rulesKey] ?? []).some(
      (rule: any) =>
        portMatches(rule.ports, port) &&
        (!peersOf(rule)?.length ||
          peersOf(rule)!.some((p: any) =>
            peerMatches(p, policy.metadata.namespace!, peer),
          )),
    ),
  );
}

/**
 * Whether the rendered NetworkPolicies let `from` open a TCP connection to
 * `to` on `port`: the egress side of `from` and the ingress side of `to`.
 */
export function networkAllows(
  objects: RenderedObject[],
  from: PodRef,
  to: PodRef,
  port: number,
): boolean {
  const policies = objects.filter(o => o.kind === 'NetworkPolicy');
  return (
    allowed(policies, 'Egress', from, to, port) &&
    allowed(policies, 'Ingress', to, from, port)
  );
}
