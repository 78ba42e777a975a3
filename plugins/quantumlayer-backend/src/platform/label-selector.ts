import type { V1LabelSelector } from '@kubernetes/client-node';

type Labels = Record<string, string> | undefined;

/**
 * Kubernetes label selector semantics: matchLabels and matchExpressions
 * (In, NotIn, Exists, DoesNotExist) all have to hold; an empty selector
 * selects everything, a missing one nothing.
 */
export function selectorMatches(
  selector: V1LabelSelector | undefined | null,
  labels: Labels,
): boolean {
  if (!selector) {
    return false;
  }
  const have = labels ?? {};
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => have[key] === value,
  );
  const byExpressions = (selector.matchExpressions ?? []).every(expression => {
    const present = Object.prototype.hasOwnProperty.call(have, expression.key);
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        return present && values.includes(have[expression.key]);
      case 'NotIn':
        return !present || !values.includes(have[expression.key]);
      case 'Exists':
        return present;
      case 'DoesNotExist':
        return !present;
      default:
        return false;
    }
  });
  return byLabels && byExpressions;
}

/** Whether a selector selects every pod (`{}`), as default-deny policies do. */
export function selectsAll(selector: V1LabelSelector | undefined | null) {
  return (
    !!selector &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

/** A Service's `spec.selector`: equality on every key; empty selects no pods. */
export function serviceSelects(
  selector: Record<string, string> | undefined,
  labels: Labels,
): boolean {
  const entries = Object.entries(selector ?? {});
  return (
    entries.length > 0 &&
    entries.every(([key, value]) => (labels ?? {})[key] === value)
  );
}
