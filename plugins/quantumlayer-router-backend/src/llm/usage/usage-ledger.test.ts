import { createTestDatabases, migrated } from '../../__testUtils__/database';
import { UsageEntry, UsageLedger } from './usage-ledger';

const databases = createTestDatabases();
jest.setTimeout(60_000);

function entry(overrides: Partial<UsageEntry>): UsageEntry {
  return {
    at: new Date('2026-11-23T10:00:00Z'),
    caller: 'user:default/jane',
    group: 'group:default/team-a',
    alias: 'default',
    provider: 'openai',
    model: 'gpt-4o-mini',
    promptTokens: 100,
    completionTokens: 20,
    costUsd: 0.001,
    latencyMs: 412.6,
    attempts: 1,
    outcome: 'ok',
    stream: false,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('UsageLedger on %p', databaseId => {
  it('writes in batches and reports totals by group, user, model and day', async () => {
    const knex = await migrated(await databases.init(databaseId));
    const ledger = new UsageLedger(knex, {
      flushIntervalMs: 60_000,
      maxBatch: 1000,
    });
    ledger.record(entry({}));
    ledger.record(
      entry({
        caller: 'user:default/joe',
        model: 'claude-sonnet-5-5',
        provider: 'anthropic',
        costUsd: 0.004,
      }),
    );
    ledger.record(
      entry({
        at: new Date('2026-11-24T01:00:00Z'),
        group: undefined,
        workflowId: 'wf-1',
        outcome: 'cached',
        promptTokens: 0,
        completionTokens: 0,
        costUsd: 0,
      }),
    );
    // Nothing is written until a flush: calls never wait for the database.
    expect(Number((await knex('ql_llm_usage').count({ n: '*' }))[0].n)).toBe(0);
    await ledger.flush();
    expect(Number((await knex('ql_llm_usage').count({ n: '*' }))[0].n)).toBe(3);

    const byGroup = await ledger.report({ groupBy: 'group' });
    expect(byGroup).toHaveLength(2);
    expect(byGroup.find(r => r.key === 'group:default/team-a')).toEqual({
      key: 'group:default/team-a',
      requests: 2,
      promptTokens: 200,
      completionTokens: 40,
      costUsd: expect.closeTo(0.005, 9),
    });
    expect(byGroup.find(r => r.key === null)).toMatchObject({
      requests: 1,
      promptTokens: 0,
    });
    const byModel = await ledger.report({ groupBy: 'model' });
    expect(
      byModel.find(r => r.key === 'claude-sonnet-5-5')?.costUsd,
    ).toBeCloseTo(0.004, 9);
    expect(await ledger.report({ groupBy: 'day', from: '2026-11-24' })).toEqual(
      [
        {
          key: '2026-11-24',
          requests: 1,
          promptTokens: 0,
          completionTokens: 0,
          costUsd: 0,
        },
      ],
    );
    const joe = await ledger.report({
      groupBy: 'user',
      caller: 'user:default/joe',
    });
    expect(joe).toEqual([
      {
        key: 'user:default/joe',
        requests: 1,
        promptTokens: 100,
        completionTokens: 20,
        costUsd: 0.004,
      },
    ]);
    const row = await knex('ql_llm_usage')
      .where({ workflow_id: 'wf-1' })
      .first();
    expect(row).toMatchObject({
      day: '2026-11-24',
      outcome: 'cached',
      latency_ms: 413,
    });
    await ledger.stop();
  });

  it('flushes what is buffered when it stops', async () => {
    const knex = await migrated(await databases.init(databaseId));
    const ledger = new UsageLedger(knex, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 250; i++) ledger.record(entry({ promptTokens: i }));
    await ledger.stop();
    const [{ total }] = await knex('ql_llm_usage').sum({
      total: 'prompt_tokens',
    });
    expect(Number(total)).toBe((249 * 250) / 2);
  });
});
