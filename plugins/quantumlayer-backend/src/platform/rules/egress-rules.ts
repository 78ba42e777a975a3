import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import type { IstioSidecar } from '../istio-api';
import { itemsOf, PlatformSnapshot } from '../platform-snapshot';
import { RuleDefinition, unreadable, verdict } from './rule';

export const EGRESS_REGISTRY_ONLY: RuleDefinition = {
  id: 'egress-registry-only',
  title:
    'Meshed pods reach only declared hosts (Sidecar outboundTrafficPolicy REGISTRY_ONLY)',
};

const REGISTRY_ONLY = 'REGISTRY_ONLY';

const selectsWorkloads = (sidecar: IstioSidecar) =>
  Object.keys(sidecar.spec?.workloadSelector?.labels ?? {}).length > 0;

const modeOf = (sidecar: IstioSidecar) =>
  sidecar.spec?.outboundTrafficPolicy?.mode ?? undefined;

/**
 * Per platform namespace: the namespace-wide Sidecar (else the mesh root's)
 * sets REGISTRY_ONLY, and no workload-specific Sidecar, which replaces it for
 * the pods it selects, leaves that out. Istio's install-time
 * meshConfig.outboundTrafficPolicy is not read: the rule wants it in objects
 * the platform ships.
 */
export function egressRegistryOnly(
  snapshot: PlatformSnapshot,
): PostureRuleResult[] {
  const root = snapshot.meshRootNamespace;
  const meshWide = itemsOf(snapshot, 'sidecars', [root]).find(
    s => !selectsWorkloads(s),
  );
  return snapshot.namespaces.map(ns => {
    const object = `Namespace ${ns}`;
    const blocked = unreadable(snapshot, ['sidecars'], [ns, root]);
    if (blocked) {
      return verdict(EGRESS_REGISTRY_ONLY, 'unknown', object, blocked);
    }
    const sidecars = itemsOf(snapshot, 'sidecars', [ns]);
    const own = sidecars.find(s => !selectsWorkloads(s));
    const source = own ? { ns, sidecar: own } : undefined;
    const effective =
      source ?? (meshWide ? { ns: root, sidecar: meshWide } : undefined);
    const leaks = sidecars
      .filter(s => selectsWorkloads(s) && modeOf(s) !== REGISTRY_ONLY)
      .map(
        s =>
          `Sidecar ${ns}/${s.metadata.name} selects pods and ${
            modeOf(s)
              ? `sets ${modeOf(s)}`
              : "leaves outboundTrafficPolicy to the mesh's default (ALLOW_ANY unless meshConfig says otherwise)"
          }`,
      );
    if (!effective || modeOf(effective.sidecar) !== REGISTRY_ONLY) {
      const why = effective
        ? `Sidecar ${effective.ns}/${effective.sidecar.metadata.name} sets ${
            modeOf(effective.sidecar) ?? 'no outboundTrafficPolicy'
          }`
        : `no Sidecar without workloadSelector here or in ${root}`;
      return verdict(
        EGRESS_REGISTRY_ONLY,
        'fail',
        object,
        [
          `${why}, so pods may reach any host; add a Sidecar without workloadSelector and outboundTrafficPolicy.mode: REGISTRY_ONLY`,
          ...leaks,
        ].join('; '),
      );
    }
    if (leaks.length > 0) {
      return verdict(EGRESS_REGISTRY_ONLY, 'fail', object, leaks.join('; '));
    }
    const hosts = itemsOf(snapshot, 'serviceentries', [ns])
      .filter(e => (e.spec.location ?? 'MESH_EXTERNAL') === 'MESH_EXTERNAL')
      .flatMap(e => e.spec.hosts ?? []);
    const declared = unreadable(snapshot, ['serviceentries'], [ns])
      ? 'ServiceEntries could not be read'
      : `declared external hosts: ${
          hosts.length > 0 ? [...new Set(hosts)].join(', ') : 'none'
        }`;
    return verdict(
      EGRESS_REGISTRY_ONLY,
      'pass',
      object,
      `Sidecar ${effective.ns}/${effective.sidecar.metadata.name} sets REGISTRY_ONLY; ${declared}`,
    );
  });
}
