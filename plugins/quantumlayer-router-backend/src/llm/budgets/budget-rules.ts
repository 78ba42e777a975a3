import type { Config } from '@backstage/config';

/** One configured budget. */
export interface BudgetRule {
  /** `group:default/team-a` or `user:default/jane`. */
  owner: string;
  period: 'daily' | 'monthly';
  tokens?: number;
  usd?: number;
}

export function readBudgetRules(config: Config): BudgetRule[] {
  const entries = config.getOptionalConfigArray('quantumlayer.router.budgets');
  return (entries ?? []).map((entry, i) => {
    const owner = entry.getString('owner');
    if (!/^(group|user):[^/]+\/.+$/.test(owner)) {
      throw new Error(
        `quantumlayer.router.budgets[${i}].owner "${owner}" must be an entity ref like group:default/team-a or user:default/jane`,
      );
    }
    const period = entry.getString('period');
    if (period !== 'daily' && period !== 'monthly') {
      throw new Error(
        `quantumlayer.router.budgets[${i}].period "${period}" must be daily or monthly`,
      );
    }
    const rule: BudgetRule = {
      owner,
      period,
      tokens: entry.getOptionalNumber('tokens'),
      usd: entry.getOptionalNumber('usd'),
    };
    if (rule.tokens === undefined && rule.usd === undefined) {
      throw new Error(
        `quantumlayer.router.budgets[${i}] needs tokens or usd (or both)`,
      );
    }
    return rule;
  });
}

/** The period a moment falls in (UTC), and when it ends. */
export function periodOf(period: BudgetRule['period'], now: Date) {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  if (period === 'daily') {
    const d = now.getUTCDate();
    return {
      id: now.toISOString().slice(0, 10),
      startsAt: new Date(Date.UTC(y, m, d)),
      endsAt: new Date(Date.UTC(y, m, d + 1)),
    };
  }
  return {
    id: now.toISOString().slice(0, 7),
    startsAt: new Date(Date.UTC(y, m, 1)),
    endsAt: new Date(Date.UTC(y, m + 1, 1)),
  };
}

/** One counter a call is charged to: tokens, or USD in micro-dollars (integers). */
export interface BudgetCounter {
  rule: BudgetRule;
  unit: 'tokens' | 'usd';
  /** Storage key without prefix. */
  key: string;
  /** Limit in the counter's unit (micro-USD for usd). */
  limit: number;
  startsAt: Date;
  endsAt: Date;
}

export const MICRO = 1_000_000;

/** Counters of every rule that applies to this caller and group. */
export function countersFor(
  rules: BudgetRule[],
  who: { caller?: string; group?: string },
  now: Date,
): BudgetCounter[] {
  const counters: BudgetCounter[] = [];
  for (const rule of rules) {
    if (rule.owner !== who.caller && rule.owner !== who.group) continue;
    const { id, startsAt, endsAt } = periodOf(rule.period, now);
    const base = `budget:${rule.owner}:${id}`;
    if (rule.tokens !== undefined)
      counters.push({
        rule,
        unit: 'tokens',
        key: `${base}:tokens`,
        limit: rule.tokens,
        startsAt,
        endsAt,
      });
    if (rule.usd !== undefined)
      counters.push({
        rule,
        unit: 'usd',
        key: `${base}:usd`,
        limit: Math.round(rule.usd * MICRO),
        startsAt,
        endsAt,
      });
  }
  return counters;
}
