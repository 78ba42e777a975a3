import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RateLimitRule } from './rate-limit-rules';
import type { RateLimitRuleStore } from './rate-limit-rule-store';

/** A rate limit in force, and where it comes from. */
export interface SourcedRateLimitRule extends RateLimitRule {
  source: 'config' | 'api';
  updatedBy?: string;
  updatedAt?: string;
}

/** A change of one owner's rate limit: the rule in force before and after. */
export interface RateLimitChange {
  before?: SourcedRateLimitRule;
  after?: SourcedRateLimitRule;
}

/**
 * The configured rate limits merged with those set through the API, which
 * win for the same owner; re-read like budgets (`budgetReloadMs`): at once
 * on the replica that changed them, every `reloadMs` on the others. While
 * the table cannot be read, the rules last read stay in force (logged).
 * `current()` returns the same array until the rules are read again, so the
 * limiter rebuilds its lookup table only then.
 */
export class RuntimeRateLimitRules {
  private cached?: { rules: SourcedRateLimitRule[]; at: number };
  private loading?: Promise<SourcedRateLimitRule[]>;
  private generation = 0;

  constructor(
    private readonly configured: RateLimitRule[],
    private readonly store: RateLimitRuleStore,
    private readonly options: {
      reloadMs?: number;
      logger?: LoggerService;
    } = {},
  ) {}

  async current(): Promise<SourcedRateLimitRule[]> {
    const reloadMs = this.options.reloadMs ?? 2_000;
    if (this.cached && Date.now() - this.cached.at < reloadMs) {
      return this.cached.rules;
    }
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    try {
      return await this.loading;
    } catch (error) {
      this.options.logger?.warn(
        `Rate limits: reading ql_llm_rate_limits failed, keeping the rules last read: ${
          (error as Error).message
        }`,
      );
      return this.cached?.rules ?? this.merge([]);
    }
  }

  async set(rule: RateLimitRule, by: string): Promise<RateLimitChange> {
    const before = await this.inForce(rule.owner);
    const stored = await this.store.put(rule, by);
    this.invalidate();
    return { before, after: { ...stored, source: 'api' } };
  }

  /** Removes the API rule of `owner`; undefined when there was none. */
  async remove(owner: string): Promise<RateLimitChange | undefined> {
    const before = await this.inForce(owner);
    if (!(await this.store.remove(owner))) return undefined;
    this.invalidate();
    return { before, after: this.configuredRule(owner) };
  }

  private async inForce(owner: string) {
    const stored = await this.store.get(owner);
    return stored
      ? { ...stored, source: 'api' as const }
      : this.configuredRule(owner);
  }

  private configuredRule(owner: string): SourcedRateLimitRule | undefined {
    const rule = this.configured.find(r => r.owner === owner);
    return rule && { ...rule, source: 'config' };
  }

  private invalidate() {
    this.generation++;
    this.cached = undefined;
  }

  private async load(): Promise<SourcedRateLimitRule[]> {
    const generation = this.generation;
    const rules = this.merge(await this.store.list());
    if (generation === this.generation) {
      this.cached = { rules, at: Date.now() };
    }
    return rules;
  }

  private merge(api: Array<RateLimitRule & { updatedBy?: string }>) {
    const merged = new Map<string, SourcedRateLimitRule>();
    for (const rule of this.configured) {
      merged.set(rule.owner, { ...rule, source: 'config' });
    }
    for (const rule of api) merged.set(rule.owner, { ...rule, source: 'api' });
    return [...merged.values()];
  }
}
