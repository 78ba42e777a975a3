import { DEFAULT_RULES_RELOAD_MS, RuntimeRules } from '../runtime-rules';
import type { RuleChange, RuleReloadOptions, Sourced } from '../runtime-rules';
import type { BudgetRule } from './budget-rules';
import type { BudgetRuleStore } from './budget-rule-store';

/** A rule in force, and where it comes from. */
export type SourcedBudgetRule = Sourced<BudgetRule>;

/** A change of one owner and period: the rule in force before and after. */
export type BudgetChange = RuleChange<BudgetRule>;

export const DEFAULT_BUDGET_RELOAD_MS = DEFAULT_RULES_RELOAD_MS;

type BudgetRuleKey = [owner: string, period: BudgetRule['period']];

/**
 * The configured budget rules merged with those set through the API, which
 * win for the same owner and period (see {@link RuntimeRules}).
 */
export class RuntimeBudgetRules extends RuntimeRules<
  BudgetRule,
  BudgetRuleKey
> {
  constructor(
    configured: BudgetRule[],
    store: BudgetRuleStore,
    options: RuleReloadOptions = {},
  ) {
    super(configured, store, {
      ...options,
      keyOf: r => [r.owner, r.period],
      name: 'Budget rules',
      table: 'ql_llm_budgets',
    });
  }
}
