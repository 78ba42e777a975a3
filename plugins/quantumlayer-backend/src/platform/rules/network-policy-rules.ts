import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import { selectsAll } from '../label-selector';
import { itemsOf, PlatformSnapshot } from '../platform-snapshot';
import { RuleDefinition, unreadable, verdict } from './rule';

export const NAMESPACE_DEFAULT_DENY: RuleDefinition = {
  id: 'namespace-default-deny',
  title: 'Every namespace has a default-deny NetworkPolicy',
};

/** Without policyTypes, Ingress always applies and Egress only with egress rules. */
function policyTypes(policy: V1NetworkPolicy): string[] {
  const spec = policy.spec;
  if (spec?.policyTypes?.length) {
    return spec.policyTypes;
  }
  return spec?.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Selects every pod and allows no ingress: `podSelector: {}` without rules. */
export function isDefaultDeny(policy: V1NetworkPolicy): boolean {
  return (
    selectsAll(policy.spec?.podSelector) &&
    policyTypes(policy).includes('Ingress') &&
    (policy.spec?.ingress ?? []).length === 0
  );
}

/** Zero trust (seeds: "Network policies (default deny)"): each namespace denies by default. */
export function namespaceDefaultDeny(
  snapshot: PlatformSnapshot,
): PostureRuleResult[] {
  return snapshot.namespaces.map(ns => {
    const object = `Namespace ${ns}`;
    const blocked = unreadable(snapshot, ['networkpolicies'], [ns]);
    if (blocked) {
      return verdict(NAMESPACE_DEFAULT_DENY, 'unknown', object, blocked);
    }
    const policy = itemsOf(snapshot, 'networkpolicies', [ns]).find(
      isDefaultDeny,
    );
    if (!policy) {
      return verdict(
        NAMESPACE_DEFAULT_DENY,
        'fail',
        object,
        'no NetworkPolicy with podSelector {} and no ingress rules; add one (policyTypes: [Ingress, Egress]) and allow the needed traffic explicitly',
      );
    }
    const egress =
      policyTypes(policy).includes('Egress') &&
      (policy.spec?.egress ?? []).length === 0;
    return verdict(
      NAMESPACE_DEFAULT_DENY,
      'pass',
      object,
      `NetworkPolicy ${policy.metadata?.name} denies all ingress${
        egress ? ' and egress' : ''
      } by default`,
    );
  });
}
