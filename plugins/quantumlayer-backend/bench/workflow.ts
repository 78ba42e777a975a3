/* eslint-disable no-console */
// yarn bench:workflow [--n 40] [--concurrency 8]
// Runs N generate-extended workflows (template provider, real activities,
// sqlite QuantumDrop) on a Temporal dev server, then the same number of
// one-activity baseline workflows on the same server and worker, and prints
// p50/p95 start->completed, sustained workflows/s, and ratios to the baseline.
import path from 'path';
import knexFactory from 'knex';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { realActivities, seedRequest } from '../src/__testUtils__/activities';
import { createTemporalEnv } from '../src/__testUtils__/temporal';
import { MIGRATIONS_DIR } from '../src/__testUtils__/database';
import { silentBundlerLogger as silent } from '../src/workflows/worker';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = Math.min(arg('n', 40), 1000);
const CONCURRENCY = Math.min(arg('concurrency', 8), 64);

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};

async function measure(label: string, runOne: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const t0 = Date.now();
        await runOne(i);
        latencies.push(Date.now() - t0);
      }
    }),
  );
  const wallMs = Date.now() - started;
  const result = {
    label,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    perSecond: (N * 1000) / wallMs,
  };
  console.log(
    `${label.padEnd(18)} n=${N} concurrency=${CONCURRENCY}  p50 ${
      result.p50
    } ms  p95 ${result.p95} ms  ${result.perSecond.toFixed(2)} workflows/s`,
  );
  return result;
}

async function main() {
  const env = await createTemporalEnv();
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  await knex.migrate.latest({ directory: MIGRATIONS_DIR });
  const { activities } = await realActivities(knex);
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'bench-workflows.ts'),
    logger: silent,
  });
  const taskQueue = 'bench';
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: { ...activities, echo: async (s: string) => s },
  });
  try {
    await worker.runUntil(async () => {
      const client = env.client.workflow;
      // Warm-up: one of each, not counted.
      await client.execute('baseline', {
        taskQueue,
        workflowId: 'warm-b',
        args: ['x'],
      });
      await client.execute('generateExtended', {
        taskQueue,
        workflowId: 'warm-g',
        args: [{ request: seedRequest, options: { maxRepairAttempts: 2 } }],
      });
      const base = await measure('baseline (1 act.)', i =>
        client
          .execute('baseline', { taskQueue, workflowId: `b-${i}`, args: ['x'] })
          .then(() => undefined),
      );
      const gen = await measure('generate-extended', async i => {
        const result: any = await client.execute('generateExtended', {
          taskQueue,
          workflowId: `g-${i}`,
          args: [
            {
              request: {
                ...seedRequest,
                requirements: { project_name: `Bench${i}` },
              },
              options: { maxRepairAttempts: 2 },
            },
          ],
        });
        if (!result.testsPassed) throw new Error(`g-${i}: tests did not pass`);
      });
      console.log(
        `ratio vs baseline: p50 x${(gen.p50 / base.p50).toFixed(1)}  p95 x${(
          gen.p95 / base.p95
        ).toFixed(1)}  throughput x${(gen.perSecond / base.perSecond).toFixed(
          2,
        )}`,
      );
      console.log(
        `goals: p50 <= 1500 ms: ${
          gen.p50 <= 1500 ? 'met' : 'MISSED'
        }; >= 8 workflows/s: ${gen.perSecond >= 8 ? 'met' : 'MISSED'}`,
      );
    });
  } finally {
    await knex.destroy();
    await env.teardown();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
