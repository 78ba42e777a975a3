import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import {
  QUANTUMLAYER_GROUP_KEY,
  QUANTUMLAYER_OWNER_KEY,
} from '../workflows/shared';
import type { WorkflowRunFilter } from './workflow-resource';

/** The search attribute each filter key of the workflow rules reads. */
const ATTRIBUTES: Record<string, string> = {
  owner: QUANTUMLAYER_OWNER_KEY.name,
  group: QUANTUMLAYER_GROUP_KEY.name,
};

/** A clause no run matches: every run has a non-empty workflow id. */
export const MATCH_NO_RUN = "WorkflowId = ''";

/** Quotes, backslashes and control characters (Cc) could end or bend a literal. */
const UNSAFE = /['"\\`]|\p{Cc}/u;

/** Whether `value` can go into a quoted literal of a list filter as it is. */
export function isQuotable(value: unknown): value is string {
  return typeof value === 'string' && !UNSAFE.test(value);
}

/** A rendered clause, or `false` for one that matches no run. */
type Clause = string | false;

const list = (values: string[]) =>
  [...new Set(values)].map(v => `'${v}'`).join(', ');

function all(clauses: Clause[]): Clause {
  if (clauses.some(c => c === false)) return false;
  return clauses.length === 1 ? clauses[0] : `(${clauses.join(' AND ')})`;
}

function any(clauses: Clause[]): Clause {
  const open = clauses.filter((c): c is string => c !== false);
  if (open.length === 0) return false;
  return open.length === 1 ? open[0] : `(${open.join(' OR ')})`;
}

/**
 * One `{ key, values }` filter. Fails closed: an unknown key, or a value
 * that cannot be quoted safely, never widens what matches. A negated
 * filter matches only runs that have the attribute, as SQL visibility
 * does and the rules' own checks (`!!run.owner && ...`) do.
 */
function filter(leaf: unknown, negated: boolean): Clause {
  const { key, values } = (leaf ?? {}) as { key?: unknown; values?: unknown };
  const attribute = typeof key === 'string' ? ATTRIBUTES[key] : undefined;
  if (!attribute || !Array.isArray(values)) return false;
  if (negated) {
    if (!values.every(isQuotable)) return false;
    const present = `${attribute} IS NOT NULL`;
    return values.length
      ? `(${present} AND ${attribute} NOT IN (${list(values)}))`
      : present;
  }
  const quotable = values.filter(isQuotable);
  return quotable.length ? `${attribute} IN (${list(quotable)})` : false;
}

function render(
  criteria: PermissionCriteria<unknown>,
  negated: boolean,
): Clause {
  if (isAndCriteria(criteria)) {
    const children = criteria.allOf.map(c => render(c, negated));
    return negated ? any(children) : all(children);
  }
  if (isOrCriteria(criteria)) {
    const children = criteria.anyOf.map(c => render(c, negated));
    return negated ? all(children) : any(children);
  }
  if (isNotCriteria(criteria)) return render(criteria.not, !negated);
  return filter(criteria, negated);
}

/**
 * Renders the workflow rules' filters (`{ key: 'owner' | 'group', values }`
 * combined with allOf/anyOf/not, as `createConditionTransformer` gives them)
 * as a Temporal list-filter clause over the owner and group search
 * attributes: anyOf is OR, allOf is AND, and `not` is pushed down to the
 * filters (De Morgan) as `NOT IN`. A filter with no values, an unknown key
 * or only unsafe values matches no run ({@link MATCH_NO_RUN}).
 */
export function renderRunFilter(
  criteria: PermissionCriteria<WorkflowRunFilter>,
): string {
  return render(criteria, false) || MATCH_NO_RUN;
}
