import fs from 'fs';
import path from 'path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import {
  historyFromJSON,
  historyToJSON,
} from '@temporalio/common/lib/proto-utils';
import { CODEGEN_STAGES } from '@internal/backstage-plugin-quantumlayer-common';
import { createTemporalEnv } from '../__testUtils__/temporal';
import { createTestDatabases, migrated } from '../__testUtils__/database';
import { realActivities, seedRequest } from '../__testUtils__/activities';
import type { Activities } from './activities';
import type { generateExtended } from './workflows';
import {
  CODEGEN_STAGE_KEY,
  GenerateExtendedInput,
  progressQuery,
} from './shared';
import { silentBundlerLogger as silent } from './worker';

jest.setTimeout(120_000);

const HISTORY = path.join(
  __dirname,
  '__fixtures__/histories/generate-extended-python-function.json',
);
const databases = createTestDatabases();
let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundleWithSourceMap;
let taskQueueSeq = 0;

beforeAll(async () => {
  [env, workflowBundle] = await Promise.all([
    createTemporalEnv(),
    bundleWorkflowCode({
      workflowsPath: require.resolve('./workflows'),
      logger: silent,
    }),
  ]);
});
afterAll(() => env?.teardown());
const input = (
  request: object = seedRequest,
  maxRepairAttempts = 2,
): GenerateExtendedInput => ({
  request: request as GenerateExtendedInput['request'],
  options: { maxRepairAttempts },
});

async function run(
  activities: Partial<Activities>,
  args: GenerateExtendedInput,
  workflowId: string,
) {
  const taskQueue = `test-${++taskQueueSeq}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities,
  });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start<typeof generateExtended>(
      'generateExtended',
      {
        taskQueue,
        workflowId,
        args: [args],
      },
    );
    let result;
    let error: WorkflowFailedError | undefined;
    try {
      result = await handle.result();
    } catch (e) {
      error = e as WorkflowFailedError;
    }
    // Queries need a worker: ask while this one still runs.
    const progress = await handle.query(progressQuery);
    return {
      result,
      error,
      handle,
      progress,
      history: await handle.fetchHistory(),
    };
  });
}

describe('generateExtended with real activities', () => {
  it('runs all 12 stages, stores the artifact and records per-stage timing', async () => {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const { activities, store } = realActivities(knex);
    const { result, handle, progress, history } = await run(
      activities,
      input(),
      'wf-real-1',
    );
    expect(result).toBeDefined();
    expect(result!.stages.map(s => s.stage)).toEqual([...CODEGEN_STAGES]);
    expect(result!.stages.filter(s => s.status === 'completed')).toHaveLength(
      11,
    );
    expect(result!.stages.find(s => s.stage === 'repair')!.status).toBe(
      'skipped',
    );
    expect(result!.provider).toBe('template');
    expect(result!.testsPassed).toBe(true);
    expect(result!.files.map(f => f.path).sort()).toEqual([
      'README.md',
      'test_project.py',
      'test_test_project.py',
    ]);
    expect(await store.countArtifactsForWorkflow('wf-real-1')).toBe(1);
    const file = await store.getArtifactFile(
      result!.artifactId,
      'test_project.py',
    );
    expect(file!.toString()).toContain('def test_project(text: str)');
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(CODEGEN_STAGE_KEY)).toBe(
      'done',
    );
    expect(progress.currentStage).toBe('done');
    if (process.env.QL_RECORD_HISTORY) {
      fs.writeFileSync(HISTORY, `${historyToJSON(history)}\n`);
    }
  });

  it('fails non-retryably on an invalid request, at stage 1', async () => {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const { activities } = realActivities(knex);
    const { error, progress } = await run(
      activities,
      input({ ...seedRequest, language: 'cobol' }),
      'wf-bad-1',
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    // WorkflowFailedError <- ActivityFailure <- ApplicationFailure(InvalidRequest)
    const chain: string[] = [];
    for (let e: Error | undefined = error; e; e = e.cause as Error | undefined)
      chain.push(e.message);
    expect(chain.join(' | ')).toContain('language "cobol" is not supported');
    expect(progress.stages[0]).toMatchObject({
      stage: 'validate',
      status: 'failed',
    });
  });
});

describe('generateExtended with mocked activities', () => {
  it('loops back through repair when tests fail, at most maxRepairAttempts times', async () => {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const { activities } = realActivities(knex);
    let runs = 0;
    const mocked: Partial<Activities> = {
      ...activities,
      runTests: async () => {
        runs++;
        return {
          passed: runs >= 3,
          timedOut: false,
          exitCode: runs >= 3 ? 0 : 1,
          summary: `run ${runs}`,
          logKey: (
            await activities.prepareRepair({
              attempt: 0,
              problems: [`fail ${runs}`],
            })
          ).feedbackKey,
          durationMs: 1,
        };
      },
    };
    const { result } = await run(mocked, input(seedRequest, 2), 'wf-repair-1');
    expect(runs).toBe(3);
    expect(result!.repairAttempts).toBe(2);
    expect(result!.testsPassed).toBe(true);
    expect(result!.stages.find(s => s.stage === 'repair')).toMatchObject({
      status: 'completed',
      detail: 'repair attempt 2 of 2',
    });
  });

  it('stores the artifact with testsPassed false when repairs run out', async () => {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const { activities, store } = realActivities(knex);
    const mocked: Partial<Activities> = {
      ...activities,
      runTests: async () => ({
        passed: false,
        timedOut: false,
        exitCode: 1,
        summary: 'FAILED (failures=1)',
        logKey: (await store.putBlob('FAILED')).sha256,
        durationMs: 1,
      }),
    };
    const { result } = await run(mocked, input(seedRequest, 1), 'wf-repair-2');
    expect(result!.testsPassed).toBe(false);
    expect(result!.repairAttempts).toBe(1);
    expect(await store.countArtifactsForWorkflow('wf-repair-2')).toBe(1);
  });

  it('skips test stages when generate_tests is false', async () => {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const { activities } = realActivities(knex);
    const { result } = await run(
      activities,
      input({ ...seedRequest, generate_tests: false }),
      'wf-notests',
    );
    expect(result!.testsPassed).toBeNull();
    expect(
      result!.stages.filter(s => s.status === 'skipped').map(s => s.stage),
    ).toEqual(['generate_tests', 'run_tests', 'repair']);
  });
});

describe('replay', () => {
  it('replays the recorded generate-extended history deterministically', async () => {
    const history = historyFromJSON(
      JSON.parse(fs.readFileSync(HISTORY, 'utf8')),
    );
    await expect(
      Worker.runReplayHistory(
        { workflowBundle, replayName: 'generate-extended' },
        history,
      ),
    ).resolves.toBeUndefined();
  });
});
