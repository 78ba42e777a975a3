import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BudgetRule } from './budget-rules';
import type { BudgetRuleStore } from './budget-rule-store';

/** A rule in force, and where it comes from. */
export interface SourcedBudgetRule extends BudgetRule {
  source: 'config' | 'api';
  /** Set for `api` rules. */
  updatedBy?: string;
  updatedAt?: string;
}

/** A change of one owner and period: the rule in force before and after. */
export interface BudgetChange {
  before?: SourcedBudgetRule;
  after?: SourcedBudgetRule;
}

export const DEFAULT_BUDGET_RELOAD_MS = 2_000;

const keyOf = (r: { owner: string; period: string }) =>
  `${r.owner}\u0000${r.period}`;

/**
 * The configured budget rules merged with those set through the API, which
 * win for the same owner and period. A change made here applies on this
 * replica at once; other replicas re-read the table every `reloadMs`. While
 * the database cannot be read, the last rules read stay in force (or the
 * configured ones before any read), and the failure is logged.
 */
export class RuntimeBudgetRules {
  private cached?: { rules: SourcedBudgetRule[]; at: number };
  private loading?: Promise<SourcedBudgetRule[]>;
  /** Bumped by every local change, so a read begun before it is not cached. */
  private generation = 0;

  constructor(
    private readonly configured: BudgetRule[],
    private readonly store: BudgetRuleStore,
    private readonly options: {
      reloadMs?: number;
      logger?: LoggerService;
    } = {},
  ) {}

  /** The rules in force, at most `reloadMs` old. */
  async current(): Promise<SourcedBudgetRule[]> {
    const reloadMs = this.options.reloadMs ?? DEFAULT_BUDGET_RELOAD_MS;
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
        `Budget rules: reading ql_llm_budgets failed, keeping the rules last read: ${
          (error as Error).message
        }`,
      );
      return this.cached?.rules ?? this.merge([]);
    }
  }

  /** Sets the API rule of `rule.owner` and `rule.period`. */
  async set(rule: BudgetRule, by: string): Promise<BudgetChange> {
    const before = await this.inForce(rule.owner, rule.period);
    const stored = await this.store.put(rule, by);
    this.invalidate();
    return { before, after: { ...stored, source: 'api' } };
  }

  /**
   * Removes the API rule of `owner` and `period`; the configured rule, if
   * any, is in force again. Undefined when there was no API rule.
   */
  async remove(
    owner: string,
    period: BudgetRule['period'],
  ): Promise<BudgetChange | undefined> {
    const before = await this.inForce(owner, period);
    if (!(await this.store.remove(owner, period))) return undefined;
    this.invalidate();
    return { before, after: this.configuredRule(owner, period) };
  }

  private async inForce(owner: string, period: BudgetRule['period']) {
    const stored = await this.store.get(owner, period);
    return stored
      ? { ...stored, source: 'api' as const }
      : this.configuredRule(owner, period);
  }

  private configuredRule(
    owner: string,
    period: string,
  ): SourcedBudgetRule | undefined {
    const rule = this.configured.find(
      r => r.owner === owner && r.period === period,
    );
    return rule && { ...rule, source: 'config' };
  }

  private invalidate() {
    this.generation++;
    this.cached = undefined;
  }

  private async load(): Promise<SourcedBudgetRule[]> {
    const generation = this.generation;
    const rules = this.merge(await this.store.list());
    if (generation === this.generation) {
      this.cached = { rules, at: Date.now() };
    }
    return rules;
  }

  private merge(api: Array<BudgetRule & { updatedBy?: string }>) {
    const merged = new Map<string, SourcedBudgetRule>();
    for (const rule of this.configured) {
      merged.set(keyOf(rule), { ...rule, source: 'config' });
    }
    for (const rule of api) merged.set(keyOf(rule), { ...rule, source: 'api' });
    return [...merged.values()];
  }
}
