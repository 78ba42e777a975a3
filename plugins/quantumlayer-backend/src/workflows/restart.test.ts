import { cancellationSignal } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { realActivities, seedRequest } from '../__testUtils__/activities';
import { createTestDatabases, migrated } from '../__testUtils__/database';
import { createTemporalEnv } from '../__testUtils__/temporal';
import type { Activities } from './activities';
import type { generateExtended } from './workflows';
import { progressQuery } from './shared';
import { silentBundlerLogger as silent } from './worker';
import { until } from '../__testUtils__/workflow-harness';

jest.setTimeout(120_000);

const databases = createTestDatabases();
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTemporalEnv();
});
afterAll(() => env?.teardown());

it('completes once when the worker stops mid-workflow and a new one takes over', async () => {
  const knex = await migrated(await databases.init('SQLITE_3'));
  const { activities, store } = await realActivities(knex);
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    logger: silent,
  });
  const taskQueue = 'restart-test';
  let blockedRuns = 0;
  // The first worker's test run hangs until the worker shuts down under it.
  const hanging: Activities = {
    ...activities,
    runTests: async () => {
      blockedRuns++;
      await new Promise((_, reject) =>
        cancellationSignal().addEventListener('abort', () =>
          reject(new Error('worker stopping')),
        ),
      );
      throw new Error('unreachable');
    },
  };
  const first = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: hanging,
    shutdownGraceTime: '100 milliseconds',
  });
  const firstRun = first.run();
  const handle = await env.client.workflow.start<typeof generateExtended>(
    'generateExtended',
    {
      taskQueue,
      workflowId: 'wf-restart-1',
      args: [{ request: seedRequest, options: { maxRepairAttempts: 0 } }],
    },
  );
  await until(
    async () => blockedRuns > 0,
    'the first worker to reach run_tests',
  );
  expect((await handle.query(progressQuery)).currentStage).toBe('run_tests');
  first.shutdown();
  await firstRun;

  const second = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities,
  });
  const result = await second.runUntil(handle.result());

  expect(blockedRuns).toBe(1);
  expect(result.testsPassed).toBe(true);
  expect(
    result.stages.every(s => s.status === 'completed' || s.stage === 'repair'),
  ).toBe(true);
  expect(await store.countArtifactsForWorkflow('wf-restart-1')).toBe(1);
  const history = await handle.fetchHistory();
  const completions = history.events!.filter(
    e => e.workflowExecutionCompletedEventAttributes,
  );
  expect(completions).toHaveLength(1);
  const runTestsAttempts = history.events!.filter(
    e =>
      e.activityTaskScheduledEventAttributes?.activityType?.name === 'runTests',
  );
  expect(runTestsAttempts).toHaveLength(1); // one scheduled activity, retried by the server, not re-scheduled
});
