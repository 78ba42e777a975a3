import fs from 'fs';
import os from 'os';
import path from 'path';
import { gunzipSync } from 'zlib';
import { z } from 'zod/v4';
import { runSandboxed, SandboxResult } from '../src/sandbox/sandbox';

const problemSchema = z.object({
  task_id: z.string(),
  prompt: z.string(),
  canonical_solution: z.string(),
  test: z.string(),
  entry_point: z.string(),
});

/** One HumanEval problem. */
export type HumanEvalProblem = z.infer<typeof problemSchema>;

/**
 * Where the dataset is: QL_HUMANEVAL_PATH, else the shared datasets folder
 * next to the repository (never copied into it).
 */
export function humanEvalPath(repoRoot: string): string | undefined {
  const candidates = [
    process.env.QL_HUMANEVAL_PATH,
    path.resolve(repoRoot, '../shared/datasets/humaneval/HumanEval.jsonl.gz'),
    '/work/shared/datasets/humaneval/HumanEval.jsonl.gz',
  ];
  return candidates.find(c => c && fs.existsSync(c));
}

/** Reads `HumanEval.jsonl.gz` (or plain `.jsonl`), one schema-checked problem per line. */
export function loadHumanEval(file: string): HumanEvalProblem[] {
  const raw = fs.readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text
    .split('\n')
    .filter(line => line.trim())
    .map((line, i) => {
      const parsed = problemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) {
        throw new Error(`${file} line ${i + 1} is not a HumanEval problem`);
      }
      return parsed.data;
    });
}

/** The grader's program: prompt + completion + tests + `check(entry_point)`. */
export function humanEvalProgram(
  problem: HumanEvalProblem,
  completion: string,
) {
  return `${problem.prompt}${completion}\n${problem.test}\ncheck(${problem.entry_point})\n`;
}

/** A completion that keeps the signature and does nothing: it must fail. */
export const MUTANT_COMPLETION = '    return None\n';

/** The verdict for one program. */
export interface Graded {
  taskId: string;
  passed: boolean;
  result: SandboxResult;
}

/**
 * Runs each program in the sandbox (its own work dir, a time limit) with at
 * most `concurrency` at once; exit status 0 is a pass.
 */
export async function gradeAll(
  jobs: Array<{ taskId: string; program: string }>,
  options: { concurrency: number; timeoutMs: number },
): Promise<Graded[]> {
  const graded: Graded[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-humaneval-'));
      try {
        fs.writeFileSync(path.join(workDir, 'program.py'), job.program);
        const result = await runSandboxed({
          command: 'python3',
          args: ['program.py'],
          workDir,
          timeoutMs: options.timeoutMs,
          maxOutputBytes: 64 * 1024,
        });
        graded[index] = {
          taskId: job.taskId,
          passed: result.exitCode === 0 && !result.timedOut,
          result,
        };
      } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return graded;
}
