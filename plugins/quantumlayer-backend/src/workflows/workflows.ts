// Deterministic orchestration only: activities do all I/O (see activities/).
import {
  ApplicationFailure,
  condition,
  executeChild,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  ApprovalRecord,
  describeFinding,
  GenerateResult,
  TestRunRecord,
  withOfflineTemplateFinding,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { AgentUsage } from '../agents/agent-usage';
import type { FileRef } from './activities';
import { long, quick, sandboxOn } from './activity-proxies';
import { ApprovalGate } from './approval-gate';
import { repairLoop, RepairLoopResult } from './repair-loop';
import { RunBudget } from './run-budget';
import { approvalUpdate, GenerateExtendedInput, progressQuery } from './shared';
import { StageTracker } from './stage-tracker';

export { repairLoop } from './repair-loop';

const describeTests = (r: TestRunRecord) =>
  r.skipped
    ? `not run: ${r.skipped}`
    : `${r.passed ? 'passed' : 'failed'}${
        r.isolated ? '' : ' (not isolated)'
      }: ${r.summary}`;

/** Tests that ran and failed (not tests the sandbox refused to run). */
const testsFailed = (r: TestRunRecord | null) =>
  r?.passed === false && !r.skipped;

/**
 * The 12-stage generate-extended workflow. When the offline template provider
 * answered any agent call (its steps say `offlineTemplate`), the result and
 * the manifest say `offlineTemplate: true` and the review carries the
 * offline-template finding: the files do not implement the prompt.
 */
export async function generateExtended(
  input: GenerateExtendedInput,
): Promise<GenerateResult> {
  const started = Date.now();
  const stages = new StageTracker();
  const budget = new RunBudget(input.options.budget);
  const gate = new ApprovalGate();
  setHandler(progressQuery, () => ({
    ...stages.progress(),
    usage: budget.record(),
    approval: gate.record,
  }));
  setHandler(approvalUpdate, decision => gate.decide(decision), {
    validator: decision => gate.validate(decision),
  });
  const { billing } = input.options;
  const sandbox = sandboxOn(input.options.sandboxTaskQueue);
  const agentStep = (next: string) => {
    budget.check(next);
    return { billing, maxTokens: budget.remainingTokens() };
  };
  let offlineTemplate = false;
  /** Charges an agent step's usage and notes whether the template answered it. */
  const charge = (step: { usage: AgentUsage; offlineTemplate?: boolean }) => {
    budget.charge(step.usage);
    offlineTemplate ||= step.offlineTemplate === true;
  };

  const request = await stages.run(
    'validate',
    () => quick.validateRequest(input.request),
    () => 'request is valid',
  );
  const { prompts } = await stages.run(
    'enhance_prompt',
    () => quick.enhancePrompt({ request }),
    r =>
      Object.values(r.prompts)
        .map(p => `${p.id} v${p.version}`)
        .join(', '),
  );
  const context = await stages.run(
    'retrieve_context',
    () => quick.retrieveContext({ request }),
    r => `${r.length} similar artifact(s)`,
  );
  const planned = await stages.run(
    'plan',
    () =>
      long.planProject({
        request,
        ...agentStep('plan'),
        prompt: prompts.architect,
        context,
      }),
    r =>
      `${r.plan.files.length} file(s), ${r.plan.interfaces.length} interface(s) planned`,
  );
  charge(planned);
  const { plan } = planned;

  const code = await stages.run(
    'generate_code',
    () =>
      long.generateCode({
        request,
        ...agentStep('generate_code'),
        prompt: prompts.coder,
        plan,
      }),
    r =>
      `${r.files.length} file(s) by ${r.provider}/${r.model}, ${r.usage.completionTokens} tokens`,
  );
  charge(code);
  let { provider, model } = code;
  let sources: FileRef[] = code.files;
  let parsed = await stages.run(
    'parse_validate',
    () => quick.parseAndValidate({ request, files: sources }),
    r =>
      r.ok
        ? `${r.verdicts.filter(v => v.verdict === 'valid').length} valid, ${
            r.verdicts.filter(v => v.verdict === 'unvalidated').length
          } unvalidated`
        : `problems: ${r.problems.join('; ')}`,
  );

  let tests: FileRef[] = [];
  let testVerdicts: typeof parsed.verdicts = [];
  let testRun: TestRunRecord | null = null;
  if (request.generate_tests) {
    const sourcePaths = sources.map(f => f.path);
    const generated = await stages.run(
      'generate_tests',
      () =>
        long.generateTests({
          request,
          ...agentStep('generate_tests'),
          prompt: prompts.tester,
          plan,
          sourcePaths,
        }),
      r => `${r.files.length} test file(s)`,
    );
    charge(generated);
    tests = generated.files;
    testVerdicts = generated.verdicts;
    if (parsed.ok) {
      const files = [...sources, ...tests];
      testRun = await stages.run(
        'run_tests',
        () => sandbox.runTests({ request, files }),
        describeTests,
      );
      if (testRun.skipped) stages.skipAfterRun('run_tests', testRun.skipped);
    } else {
      stages.skip('run_tests', 'the sources did not parse');
    }
  } else {
    stages.skip('generate_tests', 'generate_tests is false');
    stages.skip('run_tests', 'no tests were generated');
  }

  let repair: RepairLoopResult | undefined;
  const maxRepairs = Math.max(0, input.options.maxRepairAttempts);
  if ((!parsed.ok || testsFailed(testRun)) && maxRepairs > 0) {
    budget.check('repair');
    const child = {
      request,
      prompts,
      plan,
      billing,
      budget: budget.remaining(),
      maxIterations: maxRepairs,
      sandboxTaskQueue: input.options.sandboxTaskQueue,
      sources,
      tests,
      problems: parsed.problems,
      testLogKey: testRun?.logKey,
    };
    repair = await stages.run(
      'repair',
      () =>
        executeChild(repairLoop, {
          workflowId: `${workflowInfo().workflowId}-repair`,
          args: [child],
        }),
      r =>
        `${r.iterations.length} of ${maxRepairs} iteration(s), ${
          r.fixed ? 'fixed' : 'not fixed'
        }${r.stoppedBy ? `, stopped: ${r.stoppedBy}` : ''}`,
    );
    stages.repairAttempts = repair.iterations.length;
    charge(repair);
    sources = repair.sources;
    parsed = repair.parse;
    testRun = repair.tests ?? (repair.parse.ok ? testRun : null);
    provider = repair.provider ?? provider;
    model = repair.model ?? model;
  } else {
    stages.skip('repair', 'no repair needed');
  }
  if (!parsed.ok) {
    budget.check('giving up');
    throw ApplicationFailure.nonRetryable(
      `no valid code after ${
        stages.repairAttempts + 1
      } attempt(s): ${parsed.problems.join('; ')}`,
      'GenerationFailed',
    );
  }
  const testSummary = testRun ? describeTests(testRun) : '';

  const reviewed = await stages.run(
    'review',
    () =>
      long.reviewCode({
        request,
        ...agentStep('review'),
        prompt: prompts.reviewer,
        files: [...sources, ...tests],
        testSummary,
        offlineTemplate,
      }),
    r => `${r.findings.length} finding(s)`,
  );
  charge(reviewed);

  if (request.approval?.required) {
    const timeoutSeconds = request.approval.timeout_seconds;
    stages.publish('awaiting_approval');
    gate.open(new Date(Date.now() + timeoutSeconds * 1000).toISOString());
    const decided = await condition(
      () => gate.decided,
      `${timeoutSeconds} seconds`,
    );
    gate.close(decided);
  }

  const documented = await stages.run(
    'document',
    () =>
      long.documentProject({
        request,
        ...agentStep('document'),
        prompt: prompts.documenter,
        plan,
        files: [...sources, ...tests],
        testSummary,
      }),
    r => `README.md, ${r.readme.size} bytes`,
  );
  charge(documented);
  const { readme } = documented;
  // The documenter owns README.md; a generated one is replaced.
  const files = [...sources, ...tests]
    .filter(f => f.path !== readme.path)
    .concat(readme);
  const testsPassed = testRun && !testRun.skipped ? testRun.passed : null;
  // The review saw the steps before it; the documenter's answer counts too.
  const review = offlineTemplate
    ? withOfflineTemplateFinding(reviewed.findings)
    : reviewed.findings;
  const approval: ApprovalRecord | null = gate.record;
  const stored = await stages.run(
    'package_store',
    () =>
      quick.packageAndStore({
        workflowId: workflowInfo().workflowId,
        request,
        provider,
        model,
        testsPassed,
        offlineTemplate,
        stages: stages.stages(),
        files,
        pipeline: {
          plan,
          prompts,
          parse: { sources: parsed.verdicts, tests: testVerdicts },
          tests: testRun,
          repairs: repair?.iterations ?? [],
          review,
          usage: budget.record(),
          approval,
        },
      }),
    r => `${r.artifactId}, ${r.totalSize} bytes`,
  );
  stages.finish();
  return {
    artifactId: stored.artifactId,
    provider,
    model,
    offlineTemplate,
    testsPassed,
    testSummary: testRun?.summary ?? '',
    repairAttempts: stages.repairAttempts,
    reviewFindings: review.map(describeFinding),
    files: files.map(f => ({ path: f.path, size: f.size, sha256: f.sha256 })),
    stages: stages.stages(),
    totalDurationMs: Date.now() - started,
    usage: budget.record(),
    approval,
  };
}
