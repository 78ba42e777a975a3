import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import { CNPG_HEALTHY_PHASE, CnpgCluster } from '../cnpg-api';
import { objectRef } from '../platform-model';
import { itemsOf, PlatformSnapshot, ResourceName } from '../platform-snapshot';
import { RuleDefinition, unreadable, verdict } from './rule';

export const CNPG_CLUSTER_READY: RuleDefinition = {
  id: 'cnpg-cluster-ready',
  title: 'PostgreSQL clusters have every instance ready and a primary',
};

export const CNPG_CLUSTER_HA: RuleDefinition = {
  id: 'cnpg-cluster-ha',
  title: 'PostgreSQL clusters have a standby to fail over to',
};

export const CNPG_POOLER: RuleDefinition = {
  id: 'cnpg-pooler',
  title: 'PostgreSQL clusters are behind a PgBouncer Pooler',
};

/** A failover or switchover in progress, or a failing primary; null when none. */
export function failoverState(cluster: CnpgCluster): string | null {
  const status = cluster.status;
  if (
    status?.targetPrimary &&
    status.currentPrimary &&
    status.targetPrimary !== status.currentPrimary
  ) {
    return `${status.phase ?? 'primary change'}: ${status.currentPrimary} → ${
      status.targetPrimary
    }`;
  }
  if (status?.currentPrimaryFailingSinceTimestamp) {
    return `primary ${status.currentPrimary ?? '?'} failing since ${
      status.currentPrimaryFailingSinceTimestamp
    }`;
  }
  return null;
}

export interface Located {
  namespace: string;
  cluster: CnpgCluster;
  object: string;
}

/**
 * Runs `judge` on every Cluster; namespaces whose Clusters cannot be read get
 * one `unknown` each, and a platform without any Cluster fails once.
 */
export function perCluster(
  snapshot: PlatformSnapshot,
  rule: RuleDefinition,
  needs: ResourceName[],
  judge: (c: Located) => PostureRuleResult,
): PostureRuleResult[] {
  const results: PostureRuleResult[] = [];
  const located: Located[] = [];
  for (const namespace of snapshot.namespaces) {
    const blocked = unreadable(snapshot, needs, [namespace]);
    if (blocked) {
      results.push(verdict(rule, 'unknown', `Namespace ${namespace}`, blocked));
      continue;
    }
    for (const cluster of itemsOf(snapshot, 'clusters', [namespace])) {
      located.push({
        namespace,
        cluster,
        object: objectRef('Cluster', namespace, cluster.metadata.name),
      });
    }
  }
  if (located.length === 0 && results.length === 0) {
    results.push(
      verdict(
        rule,
        'fail',
        `Namespace ${snapshot.namespaces.join(', ')}`,
        'no CloudNativePG Cluster in the platform namespaces; the platform database runs as one (seeds: 3 instances, automatic failover, PgBouncer)',
      ),
    );
  }
  return [...results, ...located.map(judge)];
}

export function cnpgClusterReady(
  snapshot: PlatformSnapshot,
): PostureRuleResult[] {
  return perCluster(snapshot, CNPG_CLUSTER_READY, ['clusters'], c => {
    const wanted = c.cluster.spec?.instances ?? 1;
    const ready = c.cluster.status?.readyInstances ?? 0;
    const primary = c.cluster.status?.currentPrimary;
    const phase = c.cluster.status?.phase;
    const failover = failoverState(c.cluster);
    const problems = [
      ready < wanted ? `${ready} of ${wanted} instances ready` : '',
      primary ? '' : 'no current primary',
      failover ?? '',
      phase && phase !== CNPG_HEALTHY_PHASE && !failover
        ? `phase "${phase}"${
            c.cluster.status?.phaseReason
              ? ` (${c.cluster.status.phaseReason})`
              : ''
          }`
        : '',
    ].filter(Boolean);
    return problems.length === 0
      ? verdict(
          CNPG_CLUSTER_READY,
          'pass',
          c.object,
          `${ready} of ${wanted} instances ready, primary ${primary}`,
        )
      : verdict(CNPG_CLUSTER_READY, 'fail', c.object, problems.join('; '));
  });
}

export function cnpgClusterHa(snapshot: PlatformSnapshot): PostureRuleResult[] {
  return perCluster(snapshot, CNPG_CLUSTER_HA, ['clusters'], c => {
    const wanted = c.cluster.spec?.instances ?? 1;
    return wanted >= 2
      ? verdict(
          CNPG_CLUSTER_HA,
          'pass',
          c.object,
          `${wanted} instances: a primary and ${wanted - 1} standby`,
        )
      : verdict(
          CNPG_CLUSTER_HA,
          'fail',
          c.object,
          `${wanted} instance, so no standby to promote; set spec.instances to 3`,
        );
  });
}

export function cnpgPooler(snapshot: PlatformSnapshot): PostureRuleResult[] {
  return perCluster(snapshot, CNPG_POOLER, ['clusters', 'poolers'], c => {
    const poolers = itemsOf(snapshot, 'poolers', [c.namespace]).filter(
      p => p.spec.cluster.name === c.cluster.metadata.name,
    );
    const rw = poolers.find(p => (p.spec.type ?? 'rw') === 'rw');
    if (rw) {
      return verdict(
        CNPG_POOLER,
        'pass',
        c.object,
        `Pooler ${c.namespace}/${rw.metadata.name} (rw, ${
          rw.spec.instances ?? 1
        } instances)`,
      );
    }
    return verdict(
      CNPG_POOLER,
      'fail',
      c.object,
      poolers.length > 0
        ? `only read-only Poolers (${poolers
            .map(p => p.metadata.name)
            .join(', ')}); add one with type: rw`
        : 'no Pooler references this Cluster; add a Pooler (type: rw, pgbouncer.poolMode: transaction)',
    );
  });
}
