import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { realActivities } from '../src/__testUtils__/activities';
import { causes } from '../src/__testUtils__/workflow-harness';
import type { Activities } from '../src/workflows/activities';
import { artifactsByWorkflow, migrate, pgKnex } from './support/databases';
import { recordNumbers } from './support/fault-table';
import {
  bundledWorker,
  closesPerRun,
  runIds,
  startGenerateRuns,
  temporalWithBundle,
} from './support/generate-runs';
import { ms, waitFor } from './support/load';
import {
  privatePostgresAvailable,
  startPrivatePostgres,
} from './support/private-postgres';

jest.setTimeout(180_000);

const WORKFLOWS = 8;

(privatePostgresAvailable() ? describe : describe.skip)(
  'PostgreSQL restarted during artifact writes',
  () => {
    let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
    let env: TestWorkflowEnvironment;
    let knex: Knex;
    let bundle: string;

    beforeAll(async () => {
      pg = await startPrivatePostgres();
      knex = await migrate(pgKnex(pg.connection));
      ({ env, bundle } = await temporalWithBundle());
    });
    afterAll(async () => {
      await env?.teardown();
      await knex?.destroy();
      await pg?.stop();
    });

    it('an immediate PostgreSQL restart mid-run: failed writes are retried, each run completes once with exactly one artifact', async () => {
      const { activities } = await realActivities(knex);
      const errors: string[] = [];
      // Two runs store their artifact; the others' writes are held, then sent
      // while PostgreSQL is down. Errors are counted (the retries are Temporal's).
      let passed = 0;
      let held = 0;
      let release: () => void = () => undefined;
      const gate = new Promise<void>(r => {
        release = r;
      });
      const counted = Object.fromEntries(
        Object.entries(activities).map(([name, fn]) => [
          name,
          async (...args: unknown[]) => {
            if (name === 'packageAndStore' && passed++ >= 2) {
              held++;
              await gate;
            }
            try {
              return await (fn as (...a: unknown[]) => Promise<unknown>)(
                ...args,
              );
            } catch (error) {
              errors.push(`${name}: ${(error as Error).message}`);
              throw error;
            }
          },
        ]),
      ) as unknown as Activities;
      const { worker, taskQueue } = await bundledWorker(
        env,
        bundle,
        'faults-pg',
        counted,
      );
      const ids = runIds('wf-pg', WORKFLOWS);
      const outcome = await worker.runUntil(async () => {
        const handles = await startGenerateRuns(
          env.client.workflow,
          taskQueue,
          ids,
          i => `Pg${i}`,
        );
        await waitFor(
          async () => held === WORKFLOWS - 2,
          'the other runs to reach their artifact write',
          90_000,
        );
        // The two runs let through may still be writing: wait until both
        // artifacts are stored (and no more: the others are held).
        const stored = async () =>
          [...(await artifactsByWorkflow(knex, ids)).values()].length;
        await waitFor(
          async () => (await stored()) >= 2,
          'the two runs let through to store their artifacts',
          30_000,
        );
        const before = await stored();
        const restartAt = Date.now();
        await pg.down();
        release();
        // The held writes now run against a stopped database, and fail.
        await waitFor(
          () => errors.some(e => e.startsWith('packageAndStore')),
          'a failed artifact write',
          30_000,
        );
        await pg.up();
        const settled = await Promise.all(
          handles.map(h =>
            h.result().then(
              r => ({ ok: true as const, r }),
              (e: WorkflowFailedError) => ({
                ok: false as const,
                reason: causes(e),
              }),
            ),
          ),
        );
        return {
          settled,
          before,
          recoveredMs: Date.now() - restartAt,
          handles,
        };
      });
      const artifacts = await artifactsByWorkflow(knex, ids);
      const closes = await closesPerRun(outcome.handles);
      const completed = outcome.settled.filter(s => s.ok).length;
      const failed = outcome.settled.filter(s => !s.ok) as Array<{
        reason: string;
      }>;
      recordNumbers({
        runs: WORKFLOWS,
        'artifacts before restart': outcome.before,
        'failed artifact writes (retried)': errors.filter(e =>
          e.startsWith('packageAndStore'),
        ).length,
        'other activity errors': errors.filter(
          e => !e.startsWith('packageAndStore'),
        ).length,
        completed,
        'failed with reason': failed.length,
        'artifacts per completed run': ids
          .filter((_, i) => outcome.settled[i].ok)
          .map(id => artifacts.get(id) ?? 0)
          .join('/'),
        'recovered in': ms(outcome.recoveredMs),
      });

      expect(outcome.before).toBe(2);
      expect(errors.some(e => e.startsWith('packageAndStore'))).toBe(true);
      expect(closes).toEqual(ids.map(() => 1));
      // Completed: exactly one artifact. Failed: a recorded reason (and the table shows it).
      const verdicts = ids.map((id, i) => {
        const s = outcome.settled[i];
        return s.ok
          ? `completed with ${artifacts.get(id) ?? 0} artifact(s)`
          : `failed: ${s.reason}`;
      });
      expect(verdicts).toEqual(ids.map(() => 'completed with 1 artifact(s)'));
      expect(completed).toBe(WORKFLOWS);
      // Every artifact row has all its file rows (nothing half-written by the crash).
      const orphans = await knex('ql_artifacts as a')
        .leftJoin('ql_artifact_files as f', 'f.artifact_id', 'a.id')
        .whereIn('a.workflow_id', ids)
        .whereNull('f.artifact_id')
        .count({ n: '*' });
      expect(Number(orphans[0].n)).toBe(0);
    });
  },
);
