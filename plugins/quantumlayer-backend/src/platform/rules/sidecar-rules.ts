import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import { SIDECAR_INJECT, WorkloadFacts } from '../platform-model';
import type { PlatformSnapshot } from '../platform-snapshot';
import { plural, RuleDefinition, unreadable, verdict } from './rule';

export const EDGE_NO_SIDECAR: RuleDefinition = {
  id: 'edge-no-sidecar',
  title: 'Edge services run without an Istio sidecar and are annotated so',
};

export const INTERNAL_SIDECAR: RuleDefinition = {
  id: 'internal-sidecar',
  title: 'Internal services run with an Istio sidecar',
};

const ANNOTATION = `${SIDECAR_INJECT}: "false"`;

function edgeVerdict(w: WorkloadFacts): PostureRuleResult {
  const pods = plural(w.pods.length, 'pod');
  if (w.podsWithSidecar > 0) {
    return verdict(
      EDGE_NO_SIDECAR,
      'fail',
      w.object,
      `${w.podsWithSidecar} of ${pods} run istio-proxy; an edge service takes external traffic directly, so set ${ANNOTATION} on its pod template and restart it`,
    );
  }
  if (!w.injectionDisabled) {
    return verdict(
      EDGE_NO_SIDECAR,
      'fail',
      w.object,
      `no sidecar in ${pods}, but the pod template lacks ${ANNOTATION}; in an injected namespace the next rollout adds one`,
    );
  }
  return verdict(
    EDGE_NO_SIDECAR,
    'pass',
    w.object,
    `no istio-proxy in ${pods}; pod template has ${ANNOTATION}`,
  );
}

/**
 * Edge services (the API gateway and workflow API in the seeds) run without a
 * sidecar and say so on their pod template; each configured edge service that
 * is not found is reported `unknown`.
 */
export function edgeNoSidecar(
  snapshot: PlatformSnapshot,
  workloads: WorkloadFacts[],
): PostureRuleResult[] {
  const edge = workloads.filter(w => w.edge);
  const results = edge.map(w => {
    const blocked = unreadable(snapshot, ['pods'], [w.namespace]);
    return blocked
      ? verdict(EDGE_NO_SIDECAR, 'unknown', w.object, blocked)
      : edgeVerdict(w);
  });
  for (const entry of snapshot.edgeServices) {
    const found = edge.some(
      w => entry === w.name || entry === `${w.namespace}/${w.name}`,
    );
    if (!found) {
      const [namespace, name] = entry.includes('/')
        ? entry.split('/', 2)
        : ['*', entry];
      const blocked = unreadable(
        snapshot,
        ['deployments'],
        snapshot.namespaces,
      );
      results.push(
        verdict(
          EDGE_NO_SIDECAR,
          'unknown',
          `Deployment ${namespace}/${name}`,
          blocked ??
            `edge service ${entry} is not among the platform Deployments in ${snapshot.namespaces.join(
              ', ',
            )} (selector ${
              snapshot.labelSelector
            }); add its namespace to quantumlayer.kubernetes.namespaces or fix quantumlayer.kubernetes.edgeServices`,
        ),
      );
    }
  }
  return results;
}

/** Internal services run an `istio-proxy` in every pod (mTLS, retries, tracing). */
export function internalSidecar(
  snapshot: PlatformSnapshot,
  workloads: WorkloadFacts[],
): PostureRuleResult[] {
  const istioMissing = snapshot.namespaces.every(
    ns => snapshot.lists.peerauthentications[ns]?.state === 'not-installed',
  );
  return workloads
    .filter(w => !w.edge)
    .map(w => {
      const blocked = unreadable(snapshot, ['pods'], [w.namespace]);
      if (blocked) {
        return verdict(INTERNAL_SIDECAR, 'unknown', w.object, blocked);
      }
      if (w.pods.length === 0) {
        return verdict(
          INTERNAL_SIDECAR,
          'unknown',
          w.object,
          'no running pods to inspect',
        );
      }
      const missing = w.pods.length - w.podsWithSidecar;
      if (missing > 0) {
        const why = [
          w.injectionDisabled ? `its pod template has ${ANNOTATION}` : '',
          istioMissing ? 'Istio is not installed' : '',
        ]
          .filter(Boolean)
          .join('; ');
        return verdict(
          INTERNAL_SIDECAR,
          'fail',
          w.object,
          `${missing} of ${plural(
            w.pods.length,
            'pod',
          )} run without istio-proxy${
            why ? ` (${why})` : ''
          }; enable injection for the namespace (istio-injection=enabled) and restart the Deployment`,
        );
      }
      return verdict(
        INTERNAL_SIDECAR,
        'pass',
        w.object,
        `istio-proxy in all ${plural(w.pods.length, 'pod')}`,
      );
    });
}
