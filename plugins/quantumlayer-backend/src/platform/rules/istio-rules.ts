import type { V1Service } from '@kubernetes/client-node';
import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import type { DestinationRule, PeerAuthentication } from '../istio-api';
import { objectRef, WorkloadFacts } from '../platform-model';
import { itemsOf, PlatformSnapshot } from '../platform-snapshot';
import { judgeAttached, RuleDefinition, unreadable, verdict } from './rule';

export const ISTIO_MTLS_STRICT: RuleDefinition = {
  id: 'istio-mtls-strict',
  title: 'mTLS is STRICT in every namespace',
};

export const ISTIO_DESTINATION_RULE: RuleDefinition = {
  id: 'istio-destination-rule',
  title: 'Every internal service has a DestinationRule',
};

export const ISTIO_CIRCUIT_BREAKING: RuleDefinition = {
  id: 'istio-circuit-breaking',
  title:
    'DestinationRules of internal services set outlier detection (circuit breaking) and a connection pool',
};

/** No selector (or an empty one): the policy covers its whole namespace. */
function namespaceWide(policy: PeerAuthentication) {
  return Object.keys(policy.spec?.selector?.matchLabels ?? {}).length === 0;
}

const modeOf = (policy: PeerAuthentication) =>
  policy.spec?.mtls?.mode ?? 'UNSET';

/**
 * A namespace-wide PeerAuthentication in STRICT mode, or a mesh-wide one in
 * the root namespace that the namespace does not override (Istio's default
 * without any is PERMISSIVE).
 */
export function istioMtlsStrict(
  snapshot: PlatformSnapshot,
): PostureRuleResult[] {
  const root = snapshot.meshRootNamespace;
  const meshWide = itemsOf(snapshot, 'peerauthentications', [root]).find(
    namespaceWide,
  );
  return snapshot.namespaces.map(ns => {
    const object = `Namespace ${ns}`;
    const blocked = unreadable(snapshot, ['peerauthentications'], [ns, root]);
    if (blocked) {
      return verdict(ISTIO_MTLS_STRICT, 'unknown', object, blocked);
    }
    const own = itemsOf(snapshot, 'peerauthentications', [ns]).find(
      namespaceWide,
    );
    if (own && modeOf(own) !== 'UNSET') {
      return modeOf(own) === 'STRICT'
        ? verdict(
            ISTIO_MTLS_STRICT,
            'pass',
            object,
            `PeerAuthentication ${ns}/${own.metadata.name} sets mTLS STRICT`,
          )
        : verdict(
            ISTIO_MTLS_STRICT,
            'fail',
            object,
            `PeerAuthentication ${ns}/${own.metadata.name} sets mTLS ${modeOf(
              own,
            )}; set spec.mtls.mode: STRICT`,
          );
    }
    if (meshWide && modeOf(meshWide) === 'STRICT') {
      return verdict(
        ISTIO_MTLS_STRICT,
        'pass',
        object,
        `inherits mesh-wide STRICT from PeerAuthentication ${root}/${meshWide.metadata.name}`,
      );
    }
    return verdict(
      ISTIO_MTLS_STRICT,
      'fail',
      object,
      `no PeerAuthentication makes mTLS STRICT here (mesh-wide: ${
        meshWide ? modeOf(meshWide) : 'none, so PERMISSIVE'
      }); add one without selector and spec.mtls.mode: STRICT`,
    );
  });
}

/**
 * Whether a DestinationRule's host names the Service. Short names are read
 * relative to the rule's namespace, as Istio does; `*.` wildcards match.
 */
export function hostCovers(
  rule: DestinationRule,
  ruleNamespace: string,
  service: { name: string; namespace: string },
): boolean {
  const host = rule.spec.host.includes('.')
    ? rule.spec.host
    : `${rule.spec.host}.${ruleNamespace}.svc.cluster.local`;
  const prefix = `${service.name}.${service.namespace}.svc.`;
  if (host.startsWith('*')) {
    return `${prefix}cluster.local`.endsWith(host.slice(1));
  }
  return host.startsWith(prefix);
}

export function hasOutlierDetection(rule: DestinationRule) {
  const policy = rule.spec.trafficPolicy;
  return (
    !!policy?.outlierDetection ||
    (policy?.portLevelSettings ?? []).some(p => !!p.outlierDetection)
  );
}

export function hasConnectionPool(rule: DestinationRule) {
  const policy = rule.spec.trafficPolicy;
  return (
    !!policy?.connectionPool ||
    (policy?.portLevelSettings ?? []).some(p => !!p.connectionPool)
  );
}

interface InternalService {
  service: V1Service;
  namespace: string;
  name: string;
  object: string;
  /** The first DestinationRule (from any platform namespace) covering it. */
  rule?: { namespace: string; item: DestinationRule };
}

function internalServices(
  snapshot: PlatformSnapshot,
  workloads: WorkloadFacts[],
): InternalService[] {
  const rules = snapshot.namespaces.flatMap(namespace =>
    itemsOf(snapshot, 'destinationrules', [namespace]).map(item => ({
      namespace,
      item,
    })),
  );
  const seen = new Set<string>();
  return workloads
    .filter(w => !w.edge)
    .flatMap(w => w.services.map(service => ({ w, service })))
    .filter(({ w, service }) => {
      const key = `${w.namespace}/${service.metadata?.name}`;
      return seen.has(key) ? false : !!seen.add(key);
    })
    .map(({ w, service }) => {
      const name = service.metadata?.name ?? '';
      return {
        service,
        namespace: w.namespace,
        name,
        object: objectRef('Service', w.namespace, name),
        rule: rules.find(r =>
          hostCovers(r.item, r.namespace, { name, namespace: w.namespace }),
        ),
      };
    });
}

/** Seeds: "Circuit breakers on every service": each internal Service has a DestinationRule. */
export function istioDestinationRule(
  snapshot: PlatformSnapshot,
  workloads: WorkloadFacts[],
): PostureRuleResult[] {
  return internalServices(snapshot, workloads).map(s =>
    judgeAttached(ISTIO_DESTINATION_RULE, snapshot, s, {
      resources: ['destinationrules'],
      found: s.rule,
      missing: `no DestinationRule has host ${s.name}.${s.namespace}.svc.cluster.local; add one with trafficPolicy.outlierDetection and connectionPool`,
      judge: rule => [
        'pass',
        `DestinationRule ${rule.namespace}/${rule.item.metadata.name} (host ${rule.item.spec.host})`,
      ],
    }),
  );
}

/** The DestinationRule of each internal Service ejects failing hosts and bounds connections. */
export function istioCircuitBreaking(
  snapshot: PlatformSnapshot,
  workloads: WorkloadFacts[],
): PostureRuleResult[] {
  return internalServices(snapshot, workloads).map(s =>
    judgeAttached(ISTIO_CIRCUIT_BREAKING, snapshot, s, {
      resources: ['destinationrules'],
      found: s.rule,
      missing: 'no DestinationRule, so no circuit breaking or connection pool',
      judge: rule => {
        const missing = [
          hasOutlierDetection(rule.item) ? '' : 'outlierDetection',
          hasConnectionPool(rule.item) ? '' : 'connectionPool',
        ].filter(Boolean);
        const ref = `DestinationRule ${rule.namespace}/${rule.item.metadata.name}`;
        return missing.length === 0
          ? ['pass', `${ref} sets outlierDetection and connectionPool`]
          : [
              'fail',
              `${ref} lacks trafficPolicy.${missing.join(
                ' and trafficPolicy.',
              )}`,
            ];
      },
    }),
  );
}
