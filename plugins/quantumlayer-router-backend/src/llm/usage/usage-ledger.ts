import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  UsageGrouping,
  UsageRow,
} from '@internal/backstage-plugin-quantumlayer-common';

/** One routed call, as the ledger keeps it. */
export interface UsageEntry {
  at: Date;
  caller: string;
  group?: string;
  workflowId?: string;
  alias: string;
  provider?: string;
  model?: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  attempts: number;
  outcome: 'ok' | 'cached' | 'error';
  stream: boolean;
}

const COLUMN: Record<UsageGrouping, string> = {
  group: 'owner_group',
  user: 'caller',
  model: 'model',
  day: 'day',
};

/**
 * Buffers entries and writes them in batches (on a timer, when the batch is
 * full, and on shutdown), so a call never waits for the database.
 */
export class UsageLedger {
  private buffer: UsageEntry[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Knex,
    private readonly options: {
      flushIntervalMs?: number;
      maxBatch?: number;
      logger?: LoggerService;
    } = {},
  ) {
    this.timer = setInterval(
      () => void this.flush(),
      options.flushIntervalMs ?? 1000,
    );
    this.timer.unref();
  }

  record(entry: UsageEntry) {
    this.buffer.push(entry);
    if (this.buffer.length >= (this.options.maxBatch ?? 200)) void this.flush();
  }

  /** Writes what is buffered; resolves when it (and earlier flushes) are stored. */
  flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.db.batchInsert('ql_llm_usage', batch.map(toRow), 200);
      } catch (error) {
        this.options.logger?.error(
          `Usage ledger lost ${batch.length} entries: ${
            (error as Error).message
          }`,
        );
      }
    });
    return this.flushing;
  }

  async stop() {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Totals grouped by group, user, model or day, over [from, to] UTC days. */
  async report(options: {
    groupBy: UsageGrouping;
    from?: string;
    to?: string;
    group?: string;
    caller?: string;
  }): Promise<UsageRow[]> {
    const column = COLUMN[options.groupBy];
    const query = this.db('ql_llm_usage')
      .select({ key: column })
      .count({ requests: '*' })
      .sum({ promptTokens: 'prompt_tokens' })
      .sum({ completionTokens: 'completion_tokens' })
      .sum({ costUsd: 'cost_usd' })
      .groupBy(column)
      .orderBy(column);
    if (options.from) query.where('day', '>=', options.from);
    if (options.to) query.where('day', '<=', options.to);
    if (options.group) query.where('owner_group', options.group);
    if (options.caller) query.where('caller', options.caller);
    const rows = (await query) as Array<Record<string, unknown>>;
    return rows.map(r => ({
      key: (r.key as string | null) ?? null,
      requests: Number(r.requests),
      promptTokens: Number(r.promptTokens ?? 0),
      completionTokens: Number(r.completionTokens ?? 0),
      costUsd: Number(r.costUsd ?? 0),
    }));
  }
}

function toRow(e: UsageEntry) {
  return {
    created_at: e.at,
    day: e.at.toISOString().slice(0, 10),
    caller: e.caller,
    owner_group: e.group ?? null,
    workflow_id: e.workflowId ?? null,
    alias: e.alias,
    provider: e.provider ?? null,
    model: e.model ?? null,
    prompt_tokens: e.promptTokens,
    completion_tokens: e.completionTokens,
    cost_usd: e.costUsd,
    latency_ms: Math.round(e.latencyMs),
    attempts: e.attempts,
    outcome: e.outcome,
    stream: e.stream,
  };
}
