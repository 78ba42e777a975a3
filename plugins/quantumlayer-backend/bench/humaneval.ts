/* eslint-disable no-console */
// yarn bench:humaneval --provider <alias> [--config app-config.local.yaml]
//                      [--limit 164] [--concurrency 4] [--timeout 20]
// pass@1 on HumanEval through the pipeline's coder agent: its versioned
// prompt template, the LLM router (the alias you name, configured under
// quantumlayer.llm / quantumlayer.router in the app-config files given with
// --config, default app-config.yaml), the strict answer parser with its
// bounded re-ask, the syntax check and HumanEval's own tests in the sandbox.
// The baseline, measured in the same run, is the grader on the canonical
// solutions (must be 1.000); the model's score is printed against it.
import path from 'path';
import knexFactory from 'knex';
import { ConfigSources } from '@backstage/config-loader';
import { createLlmRouter } from '../../quantumlayer-router-backend/src/llm/create-llm-router';
import { PromptStore } from '../src/prompts/prompt-store';
import {
  gradeAll,
  humanEvalPath,
  humanEvalProgram,
  loadHumanEval,
} from '../harness/humaneval';
import { humanEvalPassAtOne } from '../harness/humaneval-pass';
import { sandboxAvailable } from '../src/sandbox/sandbox';
import { MIGRATIONS_DIR } from '../src/__testUtils__/database';
import { flag, num } from './cli-flags';

const REPO_ROOT = path.resolve(__dirname, '../../..');

const quietLogger = {
  info() {},
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
  debug() {},
  child: () => quietLogger,
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0
  );
};

async function main() {
  const alias = flag('provider');
  if (!alias) {
    throw new Error(
      'usage: yarn bench:humaneval --provider <router alias> [--config app-config.local.yaml]; configure a provider under quantumlayer.llm.providers first (see the plugin README)',
    );
  }
  const limit = num('limit', 164, 1, 164);
  const concurrency = num('concurrency', 4, 1, 32);
  const timeoutMs = num('timeout', 20, 1, 300) * 1000;
  const dataset = humanEvalPath(REPO_ROOT);
  if (!dataset) {
    throw new Error(
      'HumanEval.jsonl.gz not found: put it in ../shared/datasets/humaneval/ next to the repository or set QL_HUMANEVAL_PATH',
    );
  }
  const problems = loadHumanEval(dataset).slice(0, limit);
  const config = await ConfigSources.toConfig(
    // A one-shot command: a watched config file would keep the process alive.
    ConfigSources.default({
      rootDir: REPO_ROOT,
      argv: process.argv,
      watch: false,
    }),
  );
  const llm = await createLlmRouter({ config, logger: quietLogger });
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await db.migrate.latest({ directory: MIGRATIONS_DIR });
  const prompts = new PromptStore(db);
  await prompts.seed();
  try {
    console.log(
      `HumanEval pass@1: ${
        problems.length
      } problem(s), model alias ${alias}, concurrency ${concurrency}, sandbox ${
        (await sandboxAvailable()) ? 'isolated (bubblewrap)' : 'NOT isolated'
      }`,
    );
    const baseline = await gradeAll(
      problems.map(p => ({
        taskId: p.task_id,
        program: humanEvalProgram(p, p.canonical_solution),
      })),
      { concurrency: 2, timeoutMs },
    );
    const baselineRate =
      baseline.filter(g => g.passed).length / problems.length;
    let done = 0;
    const started = Date.now();
    const results = await humanEvalPassAtOne({
      problems,
      router: llm.router,
      prompts,
      model: alias,
      concurrency,
      timeoutMs,
      onResult: r => {
        done++;
        if (!r.passed) console.log(`  ${r.taskId}: ${r.reason}`);
        if (done % 20 === 0) console.log(`  … ${done}/${problems.length}`);
      },
    });
    const passed = results.filter(r => r.passed).length;
    const rate = passed / problems.length;
    const latencies = results.map(r => r.latencyMs);
    const tokens = results.reduce((s, r) => s + r.tokens, 0);
    console.log('');
    console.log(
      `baseline (canonical solutions): ${
        baseline.filter(g => g.passed).length
      }/${problems.length} = ${baselineRate.toFixed(3)}`,
    );
    console.log(
      `${alias}: pass@1 ${passed}/${problems.length} = ${rate.toFixed(
        3,
      )} (×${(baselineRate ? rate / baselineRate : 0).toFixed(3)} of baseline)`,
    );
    console.log(
      `per problem: p50 ${percentile(latencies, 0.5)} ms, p95 ${percentile(
        latencies,
        0.95,
      )} ms; ${tokens} tokens; wall ${((Date.now() - started) / 1000).toFixed(
        1,
      )} s`,
    );
  } finally {
    await llm.stop();
    await db.destroy();
  }
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
