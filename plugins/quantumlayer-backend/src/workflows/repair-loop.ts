// The repair loop, run as a child workflow of generate-extended.
import type {
  GenerateRequest,
  RepairIterationRecord,
  TestRunRecord,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { AgentUsage } from '../agents/agent-usage';
import type { ProjectPlan } from '../agents/architect';
import type { PromptSet } from '../prompts/prompt-template';
import type { FileRef } from './activities';
import type { ParsedFiles } from './activities/parse-and-validate';
import { long, quick, sandboxOn } from './activity-proxies';
import { RunBudget } from './run-budget';
import type { LlmBilling, RunBudgetLimits } from './shared';

/** Where the first attempt left off, and how far the loop may go. */
export interface RepairLoopInput {
  request: GenerateRequest;
  prompts: PromptSet;
  plan: ProjectPlan;
  billing?: LlmBilling;
  budget: RunBudgetLimits;
  maxIterations: number;
  sandboxTaskQueue?: string;
  sources: FileRef[];
  tests: FileRef[];
  problems: string[];
  testLogKey?: string;
}

/** The last attempt's state and every iteration's record. */
export interface RepairLoopResult {
  fixed: boolean;
  /** Set when the loop stopped because the run's budget was spent. */
  stoppedBy?: 'budget';
  sources: FileRef[];
  parse: ParsedFiles;
  tests: TestRunRecord | null;
  iterations: RepairIterationRecord[];
  usage: AgentUsage;
  provider?: string;
  model?: string;
  /** True when the offline template provider answered a coder call of the loop. */
  offlineTemplate?: boolean;
}

/**
 * Feeds the last failure back to the coder, re-parses and re-runs the same
 * tests in the sandbox, at most `maxIterations` times. Each iteration records
 * the feedback, the diff from the previous sources and the test result.
 */
export async function repairLoop(
  input: RepairLoopInput,
): Promise<RepairLoopResult> {
  const budget = new RunBudget(input.budget);
  const sandbox = sandboxOn(input.sandboxTaskQueue);
  const { request } = input;
  let sources = input.sources;
  let problems = input.problems;
  let testLogKey = input.testLogKey;
  let parse: ParsedFiles | undefined;
  let tests: TestRunRecord | null = null;
  let provider: string | undefined;
  let model: string | undefined;
  let offlineTemplate = false;
  const iterations: RepairIterationRecord[] = [];
  for (let iteration = 1; iteration <= input.maxIterations; iteration++) {
    if (budget.exhausted()) {
      return result('budget');
    }
    const spentBefore = budget.tokens;
    const { feedbackKey } = await quick.prepareRepair({
      attempt: iteration,
      problems,
      testLogKey,
    });
    const code = await long.generateCode({
      request,
      billing: input.billing,
      maxTokens: budget.remainingTokens(),
      prompt: input.prompts.coder,
      plan: input.plan,
      feedbackKey,
      previous: sources,
    });
    budget.charge(code.usage);
    provider = code.provider;
    model = code.model;
    offlineTemplate ||= code.offlineTemplate === true;
    const diff = await quick.diffFiles({ before: sources, after: code.files });
    sources = code.files;
    parse = await quick.parseAndValidate({ request, files: sources });
    tests = null;
    if (parse.ok && input.tests.length > 0) {
      tests = await sandbox.runTests({
        request,
        files: [...sources, ...input.tests],
      });
    }
    problems = parse.problems;
    testLogKey = tests?.logKey;
    iterations.push({
      iteration,
      feedbackKey,
      diff,
      parse: {
        ok: parse.ok,
        problems: parse.problems,
        verdicts: parse.verdicts,
      },
      tests,
      tokens: budget.tokens - spentBefore,
    });
    // Tests the sandbox refused to run cannot be repaired: stop.
    if (parse.ok && (tests === null || tests.passed || tests.skipped)) {
      return result();
    }
  }
  return result();

  function result(stoppedBy?: 'budget'): RepairLoopResult {
    const last = parse ?? {
      ok: false,
      files: sources,
      problems,
      verdicts: [],
    };
    return {
      fixed: last.ok && (tests === null || tests.passed || !!tests.skipped),
      ...(stoppedBy ? { stoppedBy } : {}),
      sources,
      parse: last,
      tests,
      iterations,
      usage: budget.usage,
      provider,
      model,
      offlineTemplate,
    };
  }
}
