import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import type { IstioGateway, VirtualService } from '../istio-api';
import { objectRef } from '../platform-model';
import { itemsOf, PlatformSnapshot } from '../platform-snapshot';
import { Finding, RuleDefinition, unreadable, verdict } from './rule';

export const EDGE_INGRESS_TLS: RuleDefinition = {
  id: 'edge-ingress-tls',
  title:
    'The platform is exposed only through an ingress Gateway over TLS, with a ready certificate',
};

const TLS_MODES = ['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL'];

type Server = NonNullable<IstioGateway['spec']['servers']>[number];

/**
 * Whether a Gateway server's host entry admits a VirtualService host bound
 * from `vsNamespace`: `[namespace/]host`, where the namespace is `*`, `.`
 * (the Gateway's own) or a name, and the host is exact, `*` or `*.suffix`.
 */
export function serverAdmits(
  entry: string,
  gatewayNamespace: string,
  vsNamespace: string,
  host: string,
): boolean {
  const slash = entry.indexOf('/');
  const ns = slash < 0 ? '*' : entry.slice(0, slash);
  const pattern = slash < 0 ? entry : entry.slice(slash + 1);
  const nsOk =
    ns === '*' ||
    ns === vsNamespace ||
    (ns === '.' && gatewayNamespace === vsNamespace);
  if (!nsOk) return false;
  if (pattern === '*' || pattern === host) return true;
  return pattern.startsWith('*.') && host.endsWith(pattern.slice(1));
}

/** `namespace/name`, or a bare name in the VirtualService's namespace. */
function gatewayRef(ref: string, vsNamespace: string) {
  const slash = ref.indexOf('/');
  return slash < 0
    ? { namespace: vsNamespace, name: ref }
    : { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

const isTls = (s: Server) =>
  TLS_MODES.includes(s.tls?.mode ?? '') && !!s.tls?.credentialName;
const isPlainHttp = (s: Server) =>
  ['HTTP', 'HTTP2'].includes((s.port.protocol ?? '').toUpperCase());

/** The certificate behind `credentialName`, when cert-manager manages it. */
function judgeCertificate(
  snapshot: PlatformSnapshot,
  namespace: string,
  credential: string,
): Finding {
  const outcome = snapshot.lists.certificates[namespace];
  if (!outcome || outcome.state === 'not-installed') {
    return [
      'pass',
      `credential ${credential} (not checked: cert-manager is not installed in the cluster)`,
    ];
  }
  if (outcome.state !== 'ok') {
    return ['unknown', outcome.message];
  }
  const cert = outcome.items.find(c => c.spec.secretName === credential);
  if (!cert) {
    return [
      'unknown',
      `no cert-manager Certificate in ${namespace} writes Secret ${credential}, so its validity cannot be checked`,
    ];
  }
  const ref = `Certificate ${namespace}/${cert.metadata.name}`;
  const ready = cert.status?.conditions?.find(c => c.type === 'Ready');
  if (ready?.status !== 'True') {
    const why = ready
      ? [ready.reason, ready.message].filter(Boolean).join(': ')
      : 'no Ready condition yet: cert-manager has not issued it';
    return ['fail', `${ref} is not ready (${why})`];
  }
  const notAfter = cert.status?.notAfter;
  if (notAfter && Date.parse(notAfter) <= snapshot.readAt) {
    return ['fail', `${ref} expired at ${notAfter}`];
  }
  return [
    'pass',
    `${ref} is ready${notAfter ? `, valid until ${notAfter}` : ''}`,
  ];
}

/** One VirtualService bound to one Gateway: TLS for every host, HTTP only redirecting. */
function judgeBinding(
  snapshot: PlatformSnapshot,
  vs: { namespace: string; item: VirtualService },
  ref: { namespace: string; name: string },
): PostureRuleResult {
  const object = objectRef('Gateway', ref.namespace, ref.name);
  const blocked = unreadable(snapshot, ['gateways'], [ref.namespace]);
  const read = snapshot.lists.gateways[ref.namespace] !== undefined;
  if (blocked || !read) {
    return verdict(
      EDGE_INGRESS_TLS,
      'unknown',
      object,
      blocked ??
        `namespace ${ref.namespace} is not read; set quantumlayer.kubernetes.ingressNamespace to it`,
    );
  }
  const vsRef = objectRef('VirtualService', vs.namespace, vs.item.metadata.name);
  const gateway = itemsOf(snapshot, 'gateways', [ref.namespace]).find(
    g => g.metadata.name === ref.name,
  );
  if (!gateway) {
    return verdict(
      EDGE_INGRESS_TLS,
      'fail',
      object,
      `${vsRef} binds it, but it does not exist`,
    );
  }
  const servers = gateway.spec.servers ?? [];
  const problems: string[] = [];
  const credentials = new Set<string>();
  for (const host of vs.item.spec.hosts ?? []) {
    const serving = servers.filter(s =>
      (s.hosts ?? []).some(h =>
        serverAdmits(h, ref.namespace, vs.namespace, host),
      ),
    );
    const tls = serving.filter(isTls);
    if (tls.length === 0) {
      problems.push(
        `no server terminates TLS for ${host} (protocol HTTPS, tls.mode SIMPLE and a credentialName)`,
      );
    }
    for (const s of tls) credentials.add(s.tls!.credentialName!);
    for (const s of serving.filter(x => isPlainHttp(x) && !x.tls?.httpsRedirect)) {
      problems.push(
        `port ${s.port.number} serves ${host} in plain HTTP; set tls.httpsRedirect: true`,
      );
    }
  }
  const findings = [...credentials].map(c =>
    judgeCertificate(snapshot, ref.namespace, c),
  );
  problems.push(...findings.filter(f => f[0] === 'fail').map(f => f[1]));
  if (problems.length > 0) {
    return verdict(EDGE_INGRESS_TLS, 'fail', object, problems.join('; '));
  }
  const unknown = findings.filter(f => f[0] === 'unknown').map(f => f[1]);
  if (unknown.length > 0) {
    return verdict(EDGE_INGRESS_TLS, 'unknown', object, unknown.join('; '));
  }
  return verdict(
    EDGE_INGRESS_TLS,
    'pass',
    object,
    `serves ${(vs.item.spec.hosts ?? []).join(', ')} for ${vsRef} over TLS; ${findings
      .map(f => f[1])
      .join('; ')}`,
  );
}

/**
 * Every Gateway a platform VirtualService binds serves its hosts over TLS
 * (plain HTTP only redirects) with a Ready, unexpired cert-manager
 * Certificate; a platform that no Gateway exposes fails once.
 */
export function edgeIngressTls(
  snapshot: PlatformSnapshot,
): PostureRuleResult[] {
  const results: PostureRuleResult[] = [];
  const bindings: PostureRuleResult[] = [];
  for (const namespace of snapshot.namespaces) {
    const blocked = unreadable(snapshot, ['virtualservices'], [namespace]);
    if (blocked) {
      results.push(
        verdict(EDGE_INGRESS_TLS, 'unknown', `Namespace ${namespace}`, blocked),
      );
      continue;
    }
    for (const item of itemsOf(snapshot, 'virtualservices', [namespace])) {
      for (const gateway of item.spec.gateways ?? []) {
        if (gateway === 'mesh') continue;
        bindings.push(
          judgeBinding(
            snapshot,
            { namespace, item },
            gatewayRef(gateway, namespace),
          ),
        );
      }
    }
  }
  if (bindings.length === 0 && results.length === 0) {
    results.push(
      verdict(
        EDGE_INGRESS_TLS,
        'fail',
        `Namespace ${snapshot.namespaces.join(', ')}`,
        'no VirtualService binds an ingress Gateway, so nothing serves the platform over TLS at the edge (deploy/overlays/production/edge.yaml)',
      ),
    );
  }
  return [...results, ...bindings];
}
