import fs from 'fs';
import path from 'path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { WorkflowFailedError, WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ConfigReader } from '@backstage/config';
import { LlmRouter } from '../llm/llm-router';
import { createOpenAiProviderFromConfig } from '../llm/providers/openai/openai-provider';
import {
  ChatScript,
  ScriptedOpenAiServer,
  startScriptedOpenAiServer,
} from '../__testUtils__/scripted-openai-server';
import {
  agentOf,
  scriptedPythonProject,
} from '../__testUtils__/scripted-python-project';
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
  approvalUpdate,
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
): GenerateExtendedInput & {
  options: GenerateExtendedInput['options'];
} => ({
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
    const { activities, store } = await realActivities(knex);
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
    const { activities } = await realActivities(knex);
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

describe('generateExtended with a scripted model', () => {
  let server: ScriptedOpenAiServer | undefined;
  afterEach(() => server?.close());

  async function scriptedActivities(script: ChatScript) {
    server = await startScriptedOpenAiServer(script);
    const knex = await migrated(await databases.init('SQLITE_3'));
    const provider = createOpenAiProviderFromConfig(
      new ConfigReader({
        type: 'openai',
        apiKey: 'sk-test-scripted-0123456789abcdefghijklmnop',
        baseUrl: server.baseUrl,
        models: ['gpt-4o-mini'],
      }),
    );
    return realActivities(
      knex,
      undefined,
      new LlmRouter({ providers: [provider], retry: { maxRetries: 0 } }),
    );
  }

  it('repairs a bug on the second try and records every decision in the manifest', async () => {
    const { activities, store } = await scriptedActivities(
      scriptedPythonProject(),
    );
    const { result, error } = await run(
      activities,
      input(seedRequest, 2),
      'wf-scripted-1',
    );
    expect(error).toBeUndefined();
    expect(result).toMatchObject({
      provider: 'openai',
      testsPassed: true,
      repairAttempts: 1,
      reviewFindings: [
        '[minor] calc.py:1 add accepts bools too; consider rejecting them',
      ],
    });
    expect(result!.stages.find(s => s.stage === 'repair')).toMatchObject({
      status: 'completed',
      detail: '1 of 2 iteration(s), fixed',
    });
    const artifact = await store.getArtifact(result!.artifactId);
    const pipeline = artifact!.manifest.pipeline!;
    expect(pipeline.plan.interfaces.map(i => i.name)).toEqual(['add']);
    expect(pipeline.prompts).toMatchObject({
      architect: { id: 'architect.python.*', version: 1 },
      coder: { id: 'coder.python.function', version: 1 },
      tester: { id: 'tester.python.*', version: 1 },
      reviewer: { id: 'reviewer.*.*', version: 1 },
      documenter: { id: 'documenter.*.*', version: 1 },
    });
    expect(pipeline.parse.sources).toEqual([
      { path: 'calc.py', verdict: 'valid' },
    ]);
    expect(pipeline.parse.tests).toEqual([
      { path: 'test_calc.py', verdict: 'valid' },
    ]);
    expect(pipeline.repairs).toHaveLength(1);
    const [iteration] = pipeline.repairs;
    expect(iteration.diff).toMatchObject({
      filesChanged: 1,
      additions: 1,
      deletions: 1,
    });
    expect(await store.getText(iteration.diff.diffKey)).toContain(
      '-    return a - b\n+    return a + b',
    );
    // The coder was shown the failing run's output.
    expect(await store.getText(iteration.feedbackKey)).toMatch(
      /AssertionError|FAIL/,
    );
    expect(iteration.tests).toMatchObject({ passed: true, exitCode: 0 });
    expect(pipeline.tests!.cases).toEqual([
      {
        name: 'test_calc.AddTest.test_adds_negative_numbers',
        status: 'passed',
      },
      {
        name: 'test_calc.AddTest.test_adds_positive_numbers',
        status: 'passed',
      },
    ]);
    expect(pipeline.review).toEqual([
      expect.objectContaining({ severity: 'minor', source: 'agent' }),
    ]);
    expect(pipeline.usage.calls).toBe(6);
    expect(pipeline.usage.promptTokens).toBeGreaterThan(0);
    expect(pipeline.approval).toBeNull();
    // The tester wrote tests from the spec: its prompt never held the code.
    const testerCall = server!.requests.find(
      r => agentOf(r.messages) === 'tester',
    )!;
    expect(JSON.stringify(testerCall.messages)).not.toContain('return a');
    // README: the documenter's text plus the stage's file table.
    const readme = await store.getArtifactFile(result!.artifactId, 'README.md');
    expect(readme!.toString()).toMatch(
      /^# TestProject\n[\s\S]*\| `calc.py` \|/,
    );
  });

  it('re-asks an agent whose answer is malformed, then goes on', async () => {
    const { activities } = await scriptedActivities(
      scriptedPythonProject({ reviewerGarbageFirst: true }),
    );
    const { result } = await run(activities, input(), 'wf-scripted-reask');
    expect(result!.reviewFindings).toHaveLength(1);
    const reviewerCalls = server!.requests.filter(
      r => agentOf(r.messages) === 'reviewer',
    );
    expect(reviewerCalls).toHaveLength(2);
    expect(reviewerCalls[1].messages.at(-1)!.content).toContain(
      'That answer was invalid: the answer was not JSON',
    );
  });

  it('re-asks the tester when its tests do not parse', async () => {
    const project = scriptedPythonProject();
    let testerCalls = 0;
    const { activities } = await scriptedActivities(messages => {
      if (agentOf(messages) === 'tester' && ++testerCalls === 1) {
        return '```python file=test_calc.py\ndef test_add(:\n```';
      }
      return project(messages);
    });
    const { result } = await run(activities, input(), 'wf-scripted-tests');
    expect(result).toMatchObject({ testsPassed: true });
    const tester = server!.requests.filter(
      r => agentOf(r.messages) === 'tester',
    );
    expect(tester).toHaveLength(2);
    expect(tester[1].messages.at(-1)!.content).toContain(
      'That answer was invalid: test_calc.py: line 1',
    );
  });

  it('stores testsPassed false when the repairs run out', async () => {
    const buggyForever = scriptedPythonProject();
    const { activities, store } = await scriptedActivities(messages =>
      buggyForever(
        messages.map(m => ({
          ...m,
          content: m.content.replace('<data name="feedback">', '<data>'),
        })),
      ),
    );
    const { result } = await run(
      activities,
      input(seedRequest, 1),
      'wf-repair-2',
    );
    expect(result).toMatchObject({ testsPassed: false, repairAttempts: 1 });
    const artifact = await store.getArtifact(result!.artifactId);
    expect(artifact!.manifest.pipeline!.repairs).toEqual([
      expect.objectContaining({
        iteration: 1,
        tests: expect.objectContaining({ passed: false }),
      }),
    ]);
  });

  it('stops cleanly when the token budget of the run is spent', async () => {
    const { activities, store } = await scriptedActivities(
      scriptedPythonProject(),
    );
    const { error, progress } = await run(
      activities,
      {
        ...input(),
        options: { maxRepairAttempts: 2, budget: { maxTokens: 100 } },
      },
      'wf-budget-1',
    );
    expect(causes(error)).toContain("the run's LLM budget is spent");
    expect(causes(error)).toContain('before generate_code');
    expect(progress.usage!.budget).toEqual({ maxTokens: 100 });
    expect(progress.usage!.calls).toBe(1);
    expect(
      progress.stages.filter(s => s.status === 'completed').map(s => s.stage),
    ).toEqual(['validate', 'enhance_prompt', 'retrieve_context', 'plan']);
    expect(await store.countArtifactsForWorkflow('wf-budget-1')).toBe(0);
    // The one call was capped at what was left of the budget.
    const first = server!.requests[0];
    expect(first.max_tokens ?? first.max_completion_tokens).toBe(100);
  });

  it('runs the tests on the sandbox task queue when one is given', async () => {
    const { activities } = await scriptedActivities(scriptedPythonProject());
    const sandboxQueue = `sandbox-${++taskQueueSeq}`;
    const sandboxWorker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: sandboxQueue,
      activities: { runTests: activities.runTests },
    });
    const { result } = await sandboxWorker.runUntil(
      run(
        {
          ...activities,
          runTests: async () => {
            throw ApplicationFailure.nonRetryable('not the sandbox worker');
          },
        },
        {
          ...input(),
          options: { maxRepairAttempts: 2, sandboxTaskQueue: sandboxQueue },
        },
        'wf-sandbox-queue',
      ),
    );
    expect(result).toMatchObject({ testsPassed: true, repairAttempts: 1 });
  });
});

function causes(error: Error | undefined): string {
  const chain: string[] = [];
  for (let e: Error | undefined = error; e; e = e.cause as Error | undefined)
    chain.push(e.message);
  return chain.join(' | ');
}

describe('the approval gate', () => {
  const gated = (timeout_seconds: number) =>
    input({ ...seedRequest, approval: { required: true, timeout_seconds } });

  async function runGated(
    workflowId: string,
    timeoutSeconds: number,
    decide?: (handle: WorkflowHandle) => Promise<unknown>,
  ) {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const { activities, store } = await realActivities(knex);
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
        { taskQueue, workflowId, args: [gated(timeoutSeconds)] },
      );
      const attributeNow = async () =>
        (await handle.describe()).typedSearchAttributes.get(CODEGEN_STAGE_KEY);
      // Visibility (the attribute) follows the workflow's state a moment later.
      await until(
        async () =>
          (await handle.query(progressQuery)).approval?.status === 'awaiting' &&
          (await attributeNow()) === 'awaiting_approval',
        'the approval gate',
      );
      const awaiting = await handle.query(progressQuery);
      const attribute = await attributeNow();
      const answer = decide ? await decide(handle) : undefined;
      let error: Error | undefined;
      const result = await handle.result().catch(e => {
        error = e;
      });
      return {
        awaiting,
        attribute,
        answer,
        result: result || undefined,
        error,
        progress: await handle.query(progressQuery),
        artifacts: await store.countArtifactsForWorkflow(workflowId),
      };
    });
  }

  it('waits after review and goes on when approved, recording who and why', async () => {
    const out = await runGated('wf-approve-1', 600, handle =>
      handle.executeUpdate(approvalUpdate, {
        args: [
          { decision: 'approve', by: 'user:default/alice', reason: 'lgtm' },
        ],
      }),
    );
    expect(out.awaiting.approval!.status).toBe('awaiting');
    expect(out.awaiting.stages.find(s => s.stage === 'review')!.status).toBe(
      'completed',
    );
    expect(out.awaiting.stages.find(s => s.stage === 'document')!.status).toBe(
      'pending',
    );
    expect(out.attribute).toBe('awaiting_approval');
    expect(out.answer).toMatchObject({
      status: 'approved',
      by: 'user:default/alice',
      reason: 'lgtm',
    });
    expect(out.result).toMatchObject({
      testsPassed: true,
      approval: { status: 'approved', by: 'user:default/alice' },
    });
    expect(out.artifacts).toBe(1);
  });

  it('fails the run when rejected, storing nothing', async () => {
    const out = await runGated('wf-reject-1', 600, handle =>
      handle.executeUpdate(approvalUpdate, {
        args: [
          {
            decision: 'reject',
            by: 'user:default/bob',
            reason: 'no tests for errors',
          },
        ],
      }),
    );
    expect(causes(out.error)).toContain(
      'rejected by user:default/bob: no tests for errors',
    );
    expect(out.progress.approval).toMatchObject({ status: 'rejected' });
    expect(out.artifacts).toBe(0);
  });

  it('fails the run when nobody decides before the timeout', async () => {
    const out = await runGated('wf-approval-timeout', 1);
    expect(causes(out.error)).toContain('no approval decision before');
    expect(out.progress.approval!.status).toBe('timed_out');
    expect(out.artifacts).toBe(0);
  });

  it('refuses a decision when the run is not waiting', async () => {
    const out = await runGated('wf-approve-twice', 600, async handle => {
      await handle.executeUpdate(approvalUpdate, {
        args: [{ decision: 'approve', by: 'user:default/alice' }],
      });
      return handle
        .executeUpdate(approvalUpdate, {
          args: [{ decision: 'reject', by: 'user:default/mallory' }],
        })
        .catch((e: Error) => causes(e));
    });
    // Refused by the validator, or by Temporal when the approved run is
    // already closing: either way the second decision changes nothing.
    expect(out.answer).toMatch(
      /already approved|already completed|aborted by closing workflow/,
    );
    expect(out.result).toMatchObject({
      approval: { by: 'user:default/alice' },
    });
  });
});

describe('generateExtended without tests', () => {
  it('skips test stages when generate_tests is false', async () => {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const { activities } = await realActivities(knex);
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

async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}
