import { randomUUID } from 'crypto';
import { BudgetExceededError } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { LlmRouterRuntime } from '../../quantumlayer-router-backend/src/llm/create-llm-router';
import { RedisConnection } from '../../quantumlayer-router-backend/src/llm/redis/redis-connection';
import { startPrivateRedis } from '../../quantumlayer-router-backend/src/__testUtils__/redis';
import { recordNumbers } from './support/fault-table';
import {
  FaultOpenAiServer,
  startFaultOpenAiServer,
} from './support/fault-openai-server';
import { ms, percentile, runLoad, waitFor } from './support/load';
import { faultsRouter } from './support/router';
import { collectingLogger } from './support/services';

jest.setTimeout(120_000);

const CALLS = 400;
const CONCURRENCY = 16;
// Redis stops after this many answers (about 10 tokens each). At 120 the
// shared counter already held 1800-1880 of the 2000 tokens (16 calls in
// flight reserve about 26 each), so whether any call fitted locally during
// the outage depended on timing: it failed 1 run in 3. At 90 about 400
// tokens are left beyond what the calls in flight hold.
const STOP_AFTER = 90;
const LIMIT = 2000; // tokens per day for the group
const GROUP = 'group:default/faults';

describe('Redis stopped during router load', () => {
  let model: FaultOpenAiServer;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let runtime: LlmRouterRuntime;
  let probe: RedisConnection;

  beforeAll(async () => {
    model = await startFaultOpenAiServer(() => ({ kind: 'ok', delayMs: 5 }));
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    await runtime?.stop();
    await probe?.close();
    await redis?.stop();
    await model?.close();
  });

  it('keeps answering, refuses with budget errors only, and the budget is not overspent across the outage', async () => {
    const keyPrefix = `ql:faults:${randomUUID()}:`;
    const { logger, lines } = collectingLogger();
    runtime = await faultsRouter({
      providers: [
        { id: 'faults-model', baseUrl: model.baseUrl, timeoutMs: 5000 },
      ],
      router: {
        redis: { url: redis.url, keyPrefix },
        budgets: [{ owner: GROUP, period: 'daily', tokens: LIMIT }],
      },
      logger,
    });
    probe = new RedisConnection({ url: redis.url, keyPrefix });
    await waitFor(
      () => runtime.redis!.ready && probe.ready,
      'Redis connections',
    );

    let stoppedAt = Infinity;
    let counterAtStop = -1;
    const started: number[] = [];
    const run = await runLoad(
      CALLS,
      CONCURRENCY,
      async i => {
        started[i] = performance.now();
        return runtime.router.complete(
          {
            model: 'default',
            messages: [
              { role: 'user', content: `question number ${i}: say hi` },
            ],
            maxTokens: 16,
          },
          { caller: 'user:default/load', group: GROUP },
        );
      },
      async done => {
        if (done === STOP_AFTER) {
          // Settles are fire-and-forget: read the shared counter once they land.
          const day = new Date().toISOString().slice(0, 10);
          const key = `budget:${GROUP}:${day}:tokens`;
          counterAtStop = Number((await probe.client.get(probe.key(key))) ?? 0);
          stoppedAt = performance.now();
          await redis.stop();
        }
      },
    );

    // Which store enforced a call follows from when it started.
    const billed = (before: boolean) =>
      run.results
        .filter(r => r.ok && started[r.i] < stoppedAt === before)
        .reduce((n, r) => {
          const u = (
            r as {
              value: {
                usage: { promptTokens: number; completionTokens: number };
              };
            }
          ).value.usage;
          return n + u.promptTokens + u.completionTokens;
        }, 0);
    const sharedSpend = billed(true);
    const localSpend = billed(false);
    const answered = run.results.filter(r => r.ok).length;
    const failures = run.results.filter(r => !r.ok) as Array<{
      error: Error;
      i: number;
      ms: number;
    }>;
    const budgetRefusals = failures.filter(
      f => f.error instanceof BudgetExceededError,
    );
    const outageLatencies = run.results
      .filter(r => started[r.i] >= stoppedAt)
      .map(r => r.ms);
    recordNumbers({
      calls: `${CALLS} @${CONCURRENCY}`,
      answered,
      'budget refusals': budgetRefusals.length,
      'other errors': failures.length - budgetRefusals.length,
      'spend with Redis': `${sharedSpend} tok`,
      'spend while down (replica, from the shared count)': `${localSpend} tok`,
      'vendor billed total': `${model.billedTokens}/${LIMIT} tok`,
      'p99 while down': ms(percentile(outageLatencies, 99)),
      'Redis warnings': lines.filter(l => /Redis|Budget store/.test(l)).length,
    });

    expect(stoppedAt).toBeLessThan(Infinity);
    expect(
      failures
        .filter(f => !(f.error instanceof BudgetExceededError))
        .map(f => f.error.message),
    ).toEqual([]);
    expect(budgetRefusals[0]?.error.message).toMatch(
      /^daily budget of group:default\/faults is spent: \d+ of 2000 tokens used, this call needs up to \d+; it resets at /,
    );
    // The replica went on from the shared count, so the whole run stayed
    // within the limit; the vendor billed exactly what was answered.
    expect(sharedSpend + localSpend).toBeLessThanOrEqual(LIMIT);
    expect(sharedSpend + localSpend).toBe(model.billedTokens);
    expect(counterAtStop).toBeGreaterThan(0);
    expect(counterAtStop).toBeLessThanOrEqual(LIMIT);
    // While Redis was down calls were still answered (per-replica state) until the local budget ran out.
    expect(localSpend).toBeGreaterThan(0);
    expect(percentile(outageLatencies, 99)).toBeLessThan(2000);
  });
});
