import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'crypto';
import {
  artifactsByWorkflow,
  caseDatabase,
  describeOnSharedPg,
} from './support/databases';
import { recordNumbers } from './support/fault-table';
import {
  completionsPerRun,
  runIds,
  startGenerateRuns,
  temporalWithBundle,
} from './support/generate-runs';
import { ms } from './support/load';
import { Child, tsChild } from './support/processes';

jest.setTimeout(150_000);

const WORKFLOWS = 3;

describeOnSharedPg('worker process killed mid-stage', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof caseDatabase>>;
  let bundle: string;
  const children: Child[] = [];

  beforeAll(async () => {
    db = await caseDatabase('worker_kill');
    ({ env, bundle } = await temporalWithBundle());
  });
  afterAll(async () => {
    for (const c of children) await c.kill();
    await env?.teardown();
    await db?.drop();
  });

  const startWorker = (taskQueue: string, hang: boolean) => {
    const child = tsChild('worker-entry.ts', {
      QL_FAULTS_TEMPORAL: env.address,
      QL_FAULTS_DB: JSON.stringify(db.connection),
      QL_FAULTS_TASK_QUEUE: taskQueue,
      QL_FAULTS_BUNDLE: bundle,
      QL_FAULTS_HANG_AFTER_STORE: hang ? '1' : '0',
    });
    children.push(child);
    return child;
  };

  it('SIGKILL of the worker after the artifact write: a new worker finishes each run once, one artifact each', async () => {
    const taskQueue = `faults-kill-${randomUUID()}`;
    const first = startWorker(taskQueue, true);
    await first.waitForOutput(/READY/, 'the first worker to poll');
    const ids = runIds('wf-kill', WORKFLOWS);
    const handles = await startGenerateRuns(
      env.client.workflow,
      taskQueue,
      ids,
      i => `Killed${i}`,
    );
    // The first worker has written an artifact and hangs inside the stage.
    await first.waitForOutput(
      /STORED wf-kill-/,
      'an artifact write in the first worker',
      90_000,
    );
    const storedBeforeKill = [
      ...(await artifactsByWorkflow(db.knex, ids)).values(),
    ].reduce((a, b) => a + b, 0);
    const runningAtKill = (
      await Promise.all(handles.map(h => h.describe()))
    ).filter(d => d.status.name === 'RUNNING').length;
    const killedAt = Date.now();
    await first.kill('SIGKILL');

    const second = startWorker(taskQueue, false);
    const results = await Promise.all(handles.map(h => h.result()));
    const recoveredMs = Date.now() - killedAt;

    const artifacts = await artifactsByWorkflow(db.knex, ids);
    const completions = await completionsPerRun(handles);
    const rewrites = (second.log.match(/STORED wf-kill-/g) ?? []).length;
    recordNumbers({
      workflows: WORKFLOWS,
      'running at SIGKILL': runningAtKill,
      'artifacts before kill': storedBeforeKill,
      'completed once': completions.filter(c => c === 1).length,
      'artifacts after': [...artifacts.values()].join('/'),
      're-run stores (put-if-absent)': rewrites,
      'recovered in': ms(recoveredMs),
    });

    expect(runningAtKill).toBe(WORKFLOWS);
    expect(storedBeforeKill).toBeGreaterThanOrEqual(1);
    expect(completions).toEqual(ids.map(() => 1));
    expect(ids.map(id => artifacts.get(id))).toEqual(ids.map(() => 1));
    results.forEach((r, i) => {
      expect(r.artifactId).toMatch(/^art-/);
      expect(r.stages.find(s => s.stage === 'package_store')?.status).toBe(
        'completed',
      );
      expect(r.artifactId).not.toBe(results[(i + 1) % WORKFLOWS].artifactId);
    });
    // The stage that was cut short ran again in the new worker and found its artifact.
    expect(rewrites).toBeGreaterThanOrEqual(1);
  });
});
