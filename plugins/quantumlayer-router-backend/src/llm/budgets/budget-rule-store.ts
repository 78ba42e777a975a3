import type { Knex } from 'knex';
import type { BudgetRule } from './budget-rules';

const TABLE = 'ql_llm_budgets';

interface BudgetRow {
  owner: string;
  period: BudgetRule['period'];
  tokens: string | number | null;
  usd: number | null;
  updated_by: string;
  updated_at: Date | string;
}

/** A rule set through the API, with who set it and when. */
export interface StoredBudgetRule extends BudgetRule {
  updatedBy: string;
  updatedAt: string;
}

const toRule = (row: BudgetRow): StoredBudgetRule => ({
  owner: row.owner,
  period: row.period,
  tokens: row.tokens === null ? undefined : Number(row.tokens),
  usd: row.usd === null ? undefined : Number(row.usd),
  updatedBy: row.updated_by,
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** Budget rules set at runtime, one row per owner and period (`ql_llm_budgets`). */
export class BudgetRuleStore {
  constructor(private readonly db: Knex) {}

  async list(): Promise<StoredBudgetRule[]> {
    const rows = await this.db<BudgetRow>(TABLE).orderBy(['owner', 'period']);
    return rows.map(toRule);
  }

  async get(
    owner: string,
    period: BudgetRule['period'],
  ): Promise<StoredBudgetRule | undefined> {
    const row = await this.db<BudgetRow>(TABLE)
      .where({ owner, period })
      .first();
    return row ? toRule(row) : undefined;
  }

  /** Inserts or replaces the rule of `rule.owner` and `rule.period`. */
  async put(rule: BudgetRule, by: string): Promise<StoredBudgetRule> {
    const row = {
      owner: rule.owner,
      period: rule.period,
      tokens: rule.tokens ?? null,
      usd: rule.usd ?? null,
      updated_by: by,
      updated_at: new Date(),
    };
    await this.db(TABLE).insert(row).onConflict(['owner', 'period']).merge();
    return toRule(row);
  }

  /** Removes the rule; true when there was one. */
  async remove(owner: string, period: BudgetRule['period']): Promise<boolean> {
    return (await this.db(TABLE).where({ owner, period }).delete()) > 0;
  }
}
