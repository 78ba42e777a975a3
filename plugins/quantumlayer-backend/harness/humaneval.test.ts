import path from 'path';
import {
  gradeAll,
  humanEvalPath,
  humanEvalProgram,
  loadHumanEval,
  MUTANT_COMPLETION,
} from './humaneval';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const dataset = humanEvalPath(REPO_ROOT);

jest.setTimeout(300_000);

describe('HumanEval harness (proves the sandboxed grader, not a model)', () => {
  it('finds the dataset (required in CI)', () => {
    if (!dataset && !process.env.CI) {
      // eslint-disable-next-line no-console
      console.warn(
        'HumanEval skipped: put HumanEval.jsonl.gz in ../shared/datasets/humaneval/ or set QL_HUMANEVAL_PATH',
      );
    }
    expect(Boolean(dataset) || !process.env.CI).toBe(true);
  });

  (dataset ? describe : describe.skip)('with the dataset', () => {
    it('passes all 164 canonical solutions and fails every mutant, in the sandbox', async () => {
      const problems = loadHumanEval(dataset!);
      expect(problems).toHaveLength(164);
      const started = Date.now();
      const canonical = await gradeAll(
        problems.map(p => ({
          taskId: p.task_id,
          program: humanEvalProgram(p, p.canonical_solution),
        })),
        { concurrency: 2, timeoutMs: 10_000 },
      );
      const mutants = await gradeAll(
        problems.map(p => ({
          taskId: p.task_id,
          program: humanEvalProgram(p, MUTANT_COMPLETION),
        })),
        { concurrency: 2, timeoutMs: 10_000 },
      );
      const passed = canonical.filter(g => g.passed);
      const mutantsFailed = mutants.filter(g => !g.passed);
      // eslint-disable-next-line no-console
      console.log(
        `HumanEval harness: ${passed.length}/164 canonical pass, ${mutantsFailed.length}/164 mutants fail, ` +
          `${
            canonical.every(g => g.result.isolated)
              ? 'isolated'
              : 'NOT isolated'
          }, ${Math.round((Date.now() - started) / 1000)} s`,
      );
      expect(canonical.filter(g => !g.passed).map(g => g.taskId)).toEqual([]);
      expect(mutants.filter(g => g.passed).map(g => g.taskId)).toEqual([]);
      expect(mutants.filter(g => g.result.timedOut).map(g => g.taskId)).toEqual(
        [],
      );
    });
  });
});
