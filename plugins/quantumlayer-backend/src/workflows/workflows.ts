// Deterministic orchestration only: activities do all I/O (see activities/).
import {
  ApplicationFailure,
  proxyActivities,
  proxyLocalActivities,
  RetryPolicy,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { GenerateResult } from '@internal/backstage-plugin-quantumlayer-common';
import type { Activities, FileRef } from './activities';
import {
  GenerateExtendedInput,
  NON_RETRYABLE_ERRORS,
  progressQuery,
} from './shared';
import { StageTracker } from './stage-tracker';

const retry: RetryPolicy = {
  initialInterval: '500 milliseconds',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  maximumAttempts: 5,
  nonRetryableErrorTypes: NON_RETRYABLE_ERRORS,
};

// Short stages that only touch QuantumDrop run as local activities: same
// retries and history markers, without a task-queue round trip each.
const quick = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry,
});

const long = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry,
});

/** The 12-stage generate-extended workflow. */
export async function generateExtended(
  input: GenerateExtendedInput,
): Promise<GenerateResult> {
  const started = Date.now();
  const stages = new StageTracker();
  setHandler(progressQuery, () => stages.progress());
  const { billing } = input.options;

  const request = await stages.run(
    'validate',
    () => quick.validateRequest(input.request),
    () => 'request is valid',
  );
  const enhanced = await stages.run(
    'enhance_prompt',
    () => quick.enhancePrompt({ request }),
    r => `${r.templateId} v${r.templateVersion}`,
  );
  const context = await stages.run(
    'retrieve_context',
    () => quick.retrieveContext({ request }),
    r => `${r.length} similar artifact(s)`,
  );
  const plan = await stages.run(
    'plan',
    () =>
      long.planProject({ request, promptKey: enhanced.promptKey, context, billing }),
    r => `${r.files.length} file(s) planned`,
  );

  const maxRepairs = Math.max(0, input.options.maxRepairAttempts);
  let feedbackKey: string | undefined;
  let sources: FileRef[] = [];
  let tests: FileRef[] = [];
  let provider = 'unknown';
  let model = 'unknown';
  let testsPassed: boolean | null = null;
  let testSummary = '';
  for (let attempt = 0; ; attempt++) {
    // Closures below read per-iteration constants, never the loop's variables.
    const currentFeedback = feedbackKey;
    const code = await stages.run(
      'generate_code',
      () =>
        long.generateCode({
          request,
          promptKey: enhanced.promptKey,
          plan,
          feedbackKey: currentFeedback,
          billing,
        }),
      r => `${r.provider}/${r.model}, ${r.completionTokens} tokens`,
    );
    provider = code.provider;
    model = code.model;
    const parsed = await stages.run(
      'parse_validate',
      () => quick.parseAndValidate({ request, outputKey: code.outputKey }),
      r =>
        r.ok
          ? `${r.files.length} file(s) parsed`
          : `problems: ${r.problems.join('; ')}`,
    );
    const problems = [...parsed.problems];
    let testLogKey: string | undefined;
    if (parsed.ok) {
      const currentSources = parsed.files;
      sources = currentSources;
      if (request.generate_tests) {
        const generated = await stages.run(
          'generate_tests',
          () =>
            long.generateTests({
              request,
              promptKey: enhanced.promptKey,
              plan,
              sources: currentSources,
              billing,
            }),
          r =>
            r.ok
              ? `${r.files.length} test file(s)`
              : `problems: ${r.problems.join('; ')}`,
        );
        problems.push(...generated.problems);
        tests = generated.files;
        const files = [...currentSources, ...generated.files];
        const run = await stages.run(
          'run_tests',
          () => long.runTests({ request, files }),
          r => `${r.passed ? 'passed' : 'failed'}: ${r.summary}`,
        );
        testsPassed = run.passed && generated.ok;
        testSummary = run.summary;
        testLogKey = run.logKey;
      } else {
        stages.skip('generate_tests', 'generate_tests is false');
        stages.skip('run_tests', 'no tests were generated');
      }
      if (testsPassed !== false && problems.length === 0) break;
    }
    if (attempt >= maxRepairs) {
      if (!parsed.ok) {
        throw ApplicationFailure.nonRetryable(
          `no valid code after ${attempt + 1} attempt(s): ${problems.join(
            '; ',
          )}`,
          'GenerationFailed',
        );
      }
      break;
    }
    stages.repairAttempts = attempt + 1;
    ({ feedbackKey } = await stages.run(
      'repair',
      () => quick.prepareRepair({ attempt: attempt + 1, problems, testLogKey }),
      () => `repair attempt ${attempt + 1} of ${maxRepairs}`,
    ));
  }
  stages.skip('repair', 'no repair needed');

  const review = await stages.run(
    'review',
    () => quick.reviewCode({ request, files: [...sources, ...tests] }),
    r => `${r.findings.length} finding(s)`,
  );
  const readme = await stages.run(
    'document',
    () =>
      quick.documentProject({
        request,
        plan,
        files: [...sources, ...tests],
        provider,
        testSummary,
      }),
    r => `README.md, ${r.size} bytes`,
  );
  // The documenter owns README.md; a generated one is replaced.
  const files = [...sources, ...tests]
    .filter(f => f.path !== readme.path)
    .concat(readme);
  const stored = await stages.run(
    'package_store',
    () =>
      quick.packageAndStore({
        workflowId: workflowInfo().workflowId,
        request,
        provider,
        model,
        testsPassed,
        stages: stages.stages(),
        files,
      }),
    r => `${r.artifactId}, ${r.totalSize} bytes`,
  );
  stages.finish();
  return {
    artifactId: stored.artifactId,
    provider,
    model,
    testsPassed,
    testSummary,
    repairAttempts: stages.repairAttempts,
    reviewFindings: review.findings,
    files: files.map(f => ({ path: f.path, size: f.size, sha256: f.sha256 })),
    stages: stages.stages(),
    totalDurationMs: Date.now() - started,
  };
}
