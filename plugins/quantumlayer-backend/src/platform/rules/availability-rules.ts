import type { IntOrString } from '@kubernetes/client-node';
import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import type { WorkloadFacts } from '../platform-model';
import type { PlatformSnapshot } from '../platform-snapshot';
import { plural, RuleDefinition, unreadable, verdict } from './rule';

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
  return workloads.map(w => {
    const blocked = unreadable(
      snapshot,
      ['horizontalpodautoscalers'],
      [w.namespace],
    );
    if (blocked) {
      return verdict(WORKLOAD_HPA, 'unknown', w.object, blocked);
    }
    if (!w.hpa) {
      return verdict(
        WORKLOAD_HPA,
        'fail',
        w.object,
        'no HorizontalPodAutoscaler targets this Deployment',
      );
    }
    const spec = w.hpa.spec!;
    return verdict(
      WORKLOAD_HPA,
      'pass',
      w.object,
      `HorizontalPodAutoscaler ${w.hpa.metadata?.name} scales it between ${
        spec.minReplicas ?? 1
      } and ${spec.maxReplicas} replicas`,
    );
  });
}

/**
 * Every platform Deployment's pods are covered by a PodDisruptionBudget that
 * keeps at least one pod through voluntary disruptions (drains, upgrades).
 */
export function workloadPdb(
  snapshot: PlatformSnapshot,
  workloads: WorkloadFacts[],
): PostureRuleResult[] {
  return workloads.map(w => {
    const blocked = unreadable(
      snapshot,
      ['poddisruptionbudgets'],
      [w.namespace],
    );
    if (blocked) {
      return verdict(WORKLOAD_PDB, 'unknown', w.object, blocked);
    }
    if (!w.pdb) {
      return verdict(
        WORKLOAD_PDB,
        'fail',
        w.object,
        "no PodDisruptionBudget selects this Deployment's pods",
      );
    }
    const name = `PodDisruptionBudget ${w.pdb.metadata?.name}`;
    const replicas = w.deployment.spec?.replicas ?? 1;
    const { minAvailable, maxUnavailable } = w.pdb.spec ?? {};
    let kept: number;
    let how: string;
    if (minAvailable !== undefined) {
      kept = resolve(minAvailable, replicas);
      how = `minAvailable ${minAvailable}`;
    } else if (maxUnavailable !== undefined) {
      kept = replicas - resolve(maxUnavailable, replicas);
      how = `maxUnavailable ${maxUnavailable} of ${plural(
        replicas,
        'replica',
      )}`;
    } else {
      kept = 0;
      how = 'neither minAvailable nor maxUnavailable';
    }
    return kept >= 1
      ? verdict(
          WORKLOAD_PDB,
          'pass',
          w.object,
          `${name} keeps ${kept} available (${how})`,
        )
      : verdict(
          WORKLOAD_PDB,
          'fail',
          w.object,
          `${name} has ${how}, which lets a drain evict every pod; set minAvailable to 1 or more`,
        );
  });
}
