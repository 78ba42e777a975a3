import type {
  IntOrString,
  V1PodDisruptionBudget,
} from '@kubernetes/client-node';
import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import type { WorkloadFacts } from '../platform-model';
import type { PlatformSnapshot } from '../platform-snapshot';
import { Finding, judgeAttached, plural, RuleDefinition } from './rule';

export const WORKLOAD_HPA: RuleDefinition = {
  id: 'workload-hpa',
  title: 'Every service has a HorizontalPodAutoscaler',
};

export const WORKLOAD_PDB: RuleDefinition = {
  id: 'workload-pdb',
  title: 'Every service has a PodDisruptionBudget with minAvailable ≥ 1',
};

/** An int, or a percentage of `replicas` rounded up (as the disruption controller does). */
function resolve(value: IntOrString, replicas: number): number {
  if (typeof value === 'number') {
    return value;
  }
  const percent = /^(\d+)%$/.exec(value);
  return percent
    ? Math.ceil((Number(percent[1]) * replicas) / 100)
    : Number(value);
}

/** Every platform Deployment is the target of an HPA (seeds: HPA 3-10, 2-5). */
export function workloadHpa(
  snapshot: PlatformSnapshot,
  workloads: WorkloadFacts[],
): PostureRuleResult[] {
  return workloads.map(w =>
    judgeAttached(WORKLOAD_HPA, snapshot, w, {
      resources: ['horizontalpodautoscalers'],
      found: w.hpa,
      missing: 'no HorizontalPodAutoscaler targets this Deployment',
      judge: hpa => [
        'pass',
        `HorizontalPodAutoscaler ${hpa.metadata?.name} scales it between ${
          hpa.spec!.minReplicas ?? 1
        } and ${hpa.spec!.maxReplicas} replicas`,
      ],
    }),
  );
}

/**
 * Every platform Deployment's pods are covered by a PodDisruptionBudget that
 * keeps at least one pod through voluntary disruptions (drains, upgrades).
 */
export function workloadPdb(
  snapshot: PlatformSnapshot,
  workloads: WorkloadFacts[],
): PostureRuleResult[] {
  return workloads.map(w =>
    judgeAttached(WORKLOAD_PDB, snapshot, w, {
      resources: ['poddisruptionbudgets'],
      found: w.pdb,
      missing: "no PodDisruptionBudget selects this Deployment's pods",
      judge: pdb => keepsOnePod(pdb, w.deployment.spec?.replicas ?? 1),
    }),
  );
}

/** Whether the budget keeps at least one of `replicas` pods available. */
function keepsOnePod(pdb: V1PodDisruptionBudget, replicas: number): Finding {
  const name = `PodDisruptionBudget ${pdb.metadata?.name}`;
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  let kept: number;
  let how: string;
  if (minAvailable !== undefined) {
    kept = resolve(minAvailable, replicas);
    how = `minAvailable ${minAvailable}`;
  } else if (maxUnavailable !== undefined) {
    kept = replicas - resolve(maxUnavailable, replicas);
    how = `maxUnavailable ${maxUnavailable} of ${plural(replicas, 'replica')}`;
  } else {
    kept = 0;
    how = 'neither minAvailable nor maxUnavailable';
  }
  return kept >= 1
    ? ['pass', `${name} keeps ${kept} available (${how})`]
    : [
        'fail',
        `${name} has ${how}, which lets a drain evict every pod; set minAvailable to 1 or more`,
      ];
}
