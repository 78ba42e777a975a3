import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { ConfigReader } from '@backstage/config';
import {
  createLlmProviderFromConfig,
  createStandaloneLlmRouter,
} from '@internal/backstage-plugin-quantumlayer-router-backend';
import { realActivities, seedRequest } from '../__testUtils__/activities';
import { createTestDatabases, migrated } from '../__testUtils__/database';
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
  causes,
  input,
  useWorkflowHarness,
} from '../__testUtils__/workflow-harness';

jest.setTimeout(120_000);
const databases = createTestDatabases();
const harness = useWorkflowHarness();

describe('generateExtended with a scripted model', () => {
  let server: ScriptedOpenAiServer | undefined;
  afterEach(() => server?.close());

  async function scriptedActivities(script: ChatScript) {
    server = await startScriptedOpenAiServer(script);
    const knex = await migrated(await databases.init('SQLITE_3'));
    const provider = await createLlmProviderFromConfig(
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
      createStandaloneLlmRouter({ providers: [provider], maxRetries: 0 }),
    );
  }

  it('repairs a bug on the second try and records every decision in the manifest', async () => {
    const { activities, store } = await scriptedActivities(
      scriptedPythonProject(),
    );
    const { result, error } = await harness.run(
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
    const { result } = await harness.run(
      activities,
      input(),
      'wf-scripted-reask',
    );
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
    const { result } = await harness.run(
      activities,
      input(),
      'wf-scripted-tests',
    );
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
    const { result } = await harness.run(
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
    const { error, progress } = await harness.run(
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
    const sandboxQueue = harness.nextTaskQueue('sandbox');
    const sandboxWorker = await Worker.create({
      connection: harness.env.nativeConnection,
      taskQueue: sandboxQueue,
      activities: { runTests: activities.runTests },
    });
    const { result } = await sandboxWorker.runUntil(
      harness.run(
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
