import type { Knex } from 'knex';
import type { RateLimitRule } from './rate-limit-rules';

const TABLE = 'ql_llm_rate_limits';

interface RateLimitRow {
  owner: string;
  rpm: number | null;
  tpm: string | number | null;
  updated_by: string;
  updated_at: Date | string;
}

/** A rate limit set through the API, with who set it and when. */
export interface StoredRateLimitRule extends RateLimitRule {
  updatedBy: string;
  updatedAt: string;
}

const toRule = (row: RateLimitRow): StoredRateLimitRule => ({
  owner: row.owner,
  rpm: row.rpm === null ? undefined : Number(row.rpm),
  tpm: row.tpm === null ? undefined : Number(row.tpm),
  updatedBy: row.updated_by,
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** Rate limits set at runtime, one row per owner (`ql_llm_rate_limits`). */
export class RateLimitRuleStore {
  constructor(private readonly db: Knex) {}

  async list(): Promise<StoredRateLimitRule[]> {
    return (await this.db<RateLimitRow>(TABLE).orderBy('owner')).map(toRule);
  }

  async get(owner: string): Promise<StoredRateLimitRule | undefined> {
    const row = await this.db<RateLimitRow>(TABLE).where({ owner }).first();
    return row ? toRule(row) : undefined;
  }

  /** Inserts or replaces the rule of `rule.owner`. */
  async put(rule: RateLimitRule, by: string): Promise<StoredRateLimitRule> {
    const row = {
      owner: rule.owner,
      rpm: rule.rpm ?? null,
      tpm: rule.tpm ?? null,
      updated_by: by,
      updated_at: new Date(),
    };
    await this.db(TABLE).insert(row).onConflict('owner').merge();
    return toRule(row);
  }

  /** Removes the rule; true when there was one. */
  async remove(owner: string): Promise<boolean> {
    return (await this.db(TABLE).where({ owner }).delete()) > 0;
  }
}
