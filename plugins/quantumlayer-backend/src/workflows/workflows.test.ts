import fs from 'fs';
import path from 'path';
import { Worker } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import {
  historyFromJSON,
  historyToJSON,
} from '@temporalio/common/lib/proto-utils';
import {
  CODEGEN_STAGES,
  OFFLINE_TEMPLATE_FINDING,
  OFFLINE_TEMPLATE_WARNING,
} from '@internal/backstage-plugin-quantumlayer-common';
import { createTestDatabases, migrated } from '../__testUtils__/database';
import {
  quietLogger,
  realActivities,
  seedRequest,
} from '../__testUtils__/activities';
import { input, useWorkflowHarness } from '../__testUtils__/workflow-harness';
import { Sandbox } from '../sandbox/sandbox';
import { CODEGEN_STAGE_KEY } from './shared';

jest.setTimeout(120_000);

const HISTORY = path.join(
  __dirname,
  '__fixtures__/histories/generate-extended-python-function.json',
);
const databases = createTestDatabases();
const harness = useWorkflowHarness();

describe('generateExtended with real activities', () => {
  it('runs all 12 stages, stores the artifact and records per-stage timing', async () => {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const { activities, store } = await realActivities(knex);
    const { result, handle, progress, history } = await harness.run(
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
    // The template answered: every record says the prompt was not implemented.
    expect(result!.offlineTemplate).toBe(true);
    expect(result!.reviewFindings[0]).toBe(
      `[major] ${OFFLINE_TEMPLATE_WARNING}`,
    );
    const stored = await store.getArtifact(result!.artifactId);
    expect(stored!.manifest.offlineTemplate).toBe(true);
    expect(stored!.manifest.pipeline!.review[0]).toEqual(
      OFFLINE_TEMPLATE_FINDING,
    );
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
    const { activities } = await realActivities(knex);
    const { error, progress } = await harness.run(
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

describe('generateExtended without tests', () => {
  it('skips test stages when generate_tests is false', async () => {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const { activities } = await realActivities(knex);
    const { result } = await harness.run(
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

describe('generateExtended where the sandbox cannot isolate', () => {
  it('skips run_tests with the reason, repairs nothing and says so in the manifest', async () => {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const sandbox = new Sandbox({
      bwrapPath: '/nonexistent/ql/bwrap',
      requireIsolation: true,
    });
    const { activities, store } = await realActivities(
      knex,
      quietLogger,
      undefined,
      sandbox,
    );
    const { result } = await harness.run(activities, input(), 'wf-no-bwrap');
    const reason =
      'sandbox: isolation is required (quantumlayer.sandbox.requireIsolation) but bubblewrap is unavailable: /nonexistent/ql/bwrap is not an executable (ENOENT); check quantumlayer.sandbox.bwrapPath';
    expect(result!.testsPassed).toBeNull();
    expect(result!.testSummary).toBe(reason);
    const stage = (name: string) => result!.stages.find(s => s.stage === name);
    expect(stage('run_tests')).toMatchObject({
      status: 'skipped',
      detail: reason,
    });
    expect(stage('repair')).toMatchObject({
      status: 'skipped',
      detail: 'no repair needed',
    });
    expect(result!.repairAttempts).toBe(0);
    const stored = await store.getArtifact(result!.artifactId);
    const tests = stored!.manifest.pipeline!.tests!;
    expect(tests).toMatchObject({
      skipped: reason,
      passed: false,
      isolated: false,
      cases: [],
    });
    expect((await store.getBlob(tests.logKey))!.toString()).toBe(
      `tests did not run: ${reason}\n`,
    );
  });
});

describe('replay', () => {
  it('replays the recorded generate-extended history deterministically', async () => {
    const history = historyFromJSON(
      JSON.parse(fs.readFileSync(HISTORY, 'utf8')),
    );
    await expect(
      Worker.runReplayHistory(
        {
          workflowBundle: harness.workflowBundle,
          replayName: 'generate-extended',
        },
        history,
      ),
    ).resolves.toBeUndefined();
  });
});
