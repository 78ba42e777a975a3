import { RuntimeRules } from '../runtime-rules';
import type { RuleChange, RuleReloadOptions, Sourced } from '../runtime-rules';
import type { RateLimitRule } from './rate-limit-rules';
import type { RateLimitRuleStore } from './rate-limit-rule-store';

/** A rate limit in force, and where it comes from. */
export type SourcedRateLimitRule = Sourced<RateLimitRule>;

/** A change of one owner's rate limit: the rule in force before and after. */
export type RateLimitChange = RuleChange<RateLimitRule>;

type RateLimitRuleKey = [owner: string];

/**
 * The configured rate limits merged with those set through the API, which
 * win for the same owner; re-read like budgets (`budgetReloadMs`, see
 * {@link RuntimeRules}), so the limiter rebuilds its lookup table only
 * when the rules were read again.
 */
export class RuntimeRateLimitRules extends RuntimeRules<
  RateLimitRule,
  RateLimitRuleKey
> {
  constructor(
    configured: RateLimitRule[],
    store: RateLimitRuleStore,
    options: RuleReloadOptions = {},
  ) {
    super(configured, store, {
      ...options,
      keyOf: r => [r.owner],
      name: 'Rate limits',
      table: 'ql_llm_rate_limits',
    });
  }
}
