import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import type { WorkloadFacts } from '../platform-model';
import type { PlatformSnapshot } from '../platform-snapshot';
import { workloadHpa, workloadPdb } from './availability-rules';
import { cnpgBackupSchedule, cnpgLastBackup } from './backup-rules';
import { cnpgClusterHa, cnpgClusterReady, cnpgPooler } from './cnpg-rules';
import { edgeIngressTls } from './edge-rules';
import { egressRegistryOnly } from './egress-rules';
import {
  istioCircuitBreaking,
  istioDestinationRule,
  istioMtlsStrict,
} from './istio-rules';
import { namespaceDefaultDeny } from './network-policy-rules';
import { edgeNoSidecar, internalSidecar } from './sidecar-rules';

/** Every posture rule over one snapshot, in a stable order. */
export function evaluateRules(
  snapshot: PlatformSnapshot,
  workloads: WorkloadFacts[],
): PostureRuleResult[] {
  return [
    ...edgeNoSidecar(snapshot, workloads),
    ...internalSidecar(snapshot, workloads),
    ...namespaceDefaultDeny(snapshot),
    ...workloadHpa(snapshot, workloads),
    ...workloadPdb(snapshot, workloads),
    ...istioMtlsStrict(snapshot),
    ...istioDestinationRule(snapshot, workloads),
    ...istioCircuitBreaking(snapshot, workloads),
    ...cnpgClusterReady(snapshot),
    ...cnpgClusterHa(snapshot),
    ...cnpgPooler(snapshot),
    ...cnpgBackupSchedule(snapshot),
    ...cnpgLastBackup(snapshot),
    ...edgeIngressTls(snapshot),
    ...egressRegistryOnly(snapshot),
  ];
}
