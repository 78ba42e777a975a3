import type { LlmRouter } from '../../quantumlayer-router-backend/src/llm/llm-router';
import { parseSources } from '../src/agents/coder';
import { runAgent } from '../src/agents/run-agent';
import { parseModelOutput } from '../src/parser/parse-output';
import type { PromptStore } from '../src/prompts/prompt-store';
import { gradeAll, HumanEvalProblem } from './humaneval';
import { templateTaskMetadata } from '@internal/backstage-plugin-quantumlayer-common';

/** One problem's outcome through the pipeline's coder agent and the sandbox grader. */
export interface PassAtOneResult {
  taskId: string;
  passed: boolean;
  /** Why it failed: agent error, parse verdict or the grader's exit. */
  reason?: string;
  latencyMs: number;
  tokens: number;
}

const SOLUTION = 'solution.py';

/** The signature line of the entry point, for the plan's interface. */
function signatureOf(problem: HumanEvalProblem): string {
  const line = problem.prompt
    .split('\n')
    .find(l => l.startsWith(`def ${problem.entry_point}(`));
  return (line ?? `def ${problem.entry_point}(...)`).replace(/:\s*$/, '');
}

/**
 * pass@1 through the real pipeline pieces: the coder's versioned prompt
 * template, the router (`model` alias), the strict answer parser with its
 * bounded re-ask, the syntax check, then HumanEval's own tests in the sandbox.
 */
export async function humanEvalPassAtOne(options: {
  problems: HumanEvalProblem[];
  router: LlmRouter;
  prompts: PromptStore;
  model?: string;
  concurrency: number;
  timeoutMs: number;
  onResult?: (r: PassAtOneResult) => void;
}): Promise<PassAtOneResult[]> {
  const template = await options.prompts.resolve('coder', 'python', 'function');
  const results: PassAtOneResult[] = new Array(options.problems.length);
  let next = 0;
  const work = async () => {
    while (next < options.problems.length) {
      const index = next++;
      const problem = options.problems[index];
      results[index] = await solveOne(problem);
      options.onResult?.(results[index]);
    }
  };

  async function solveOne(problem: HumanEvalProblem): Promise<PassAtOneResult> {
    const started = Date.now();
    const base = { taskId: problem.task_id, tokens: 0 };
    const plan = {
      approach:
        'Implement the function exactly as its docstring specifies; keep its name, signature and imports.',
      files: [{ path: SOLUTION, purpose: 'the function' }],
      interfaces: [
        {
          name: problem.entry_point,
          signature: signatureOf(problem),
          description: '',
        },
      ],
    };
    const prompt = await options.prompts.render(template, {
      project_name: 'HumanEval',
      prompt: `Complete this Python function. Answer with the whole file ${SOLUTION}: the imports, the function and any helpers it needs.\n\n${problem.prompt}`,
      plan: JSON.stringify(plan, null, 2),
    });
    let code: string;
    try {
      const answer = await runAgent({
        router: options.router,
        model: options.model,
        metadata: templateTaskMetadata({
          kind: 'code',
          language: 'python',
          type: 'function',
          projectName: 'HumanEval',
          prompt: problem.prompt,
        }),
        temperature: 0,
        agent: 'coder',
        prompt,
        parse: parseSources,
      });
      base.tokens = answer.usage.promptTokens + answer.usage.completionTokens;
      const file =
        answer.value.find(f => f.path === SOLUTION) ?? answer.value[0];
      code = file.content;
    } catch (error) {
      return {
        ...base,
        passed: false,
        reason: (error as Error).message,
        latencyMs: Date.now() - started,
      };
    }
    const parsed = await parseModelOutput({
      language: 'python',
      files: [{ path: SOLUTION, content: code }],
    });
    if (!parsed.ok) {
      return {
        ...base,
        passed: false,
        reason: parsed.problems.join('; '),
        latencyMs: Date.now() - started,
      };
    }
    const [graded] = await gradeAll(
      [
        {
          taskId: problem.task_id,
          program: `${code}\n\n${problem.test}\ncheck(${problem.entry_point})\n`,
        },
      ],
      { concurrency: 1, timeoutMs: options.timeoutMs },
    );
    return {
      ...base,
      passed: graded.passed,
      ...(graded.passed
        ? {}
        : {
            reason: graded.result.timedOut
              ? 'timed out'
              : graded.result.stderr.trim().split('\n').slice(-1)[0] ??
                'failed',
          }),
      latencyMs: Date.now() - started,
    };
  }

  await Promise.all(Array.from({ length: options.concurrency }, work));
  return results;
}
