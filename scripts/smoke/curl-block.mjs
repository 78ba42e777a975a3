// Runs the README's curl block command by command, as a reader would paste
// it: its variable assignments first, `ql-…` replaced by the id the start
// call answered, and the status call repeated until the run closes.
import { spawnSync } from 'node:child_process';
import { poll } from './processes.mjs';

const PLACEHOLDER = 'ql-…';
const RUN_LIMIT_MS = 5 * 60_000;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=\S*$/;

function sh(preamble, command, cwd) {
  const r = spawnSync('bash', ['-c', `${preamble}\n${command}`], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0)
    throw new Error(
      `\`${command}\` exited ${r.status}: ${(r.stderr || r.stdout)
        .trim()
        .slice(0, 400)}`,
    );
  return r.stdout;
}

function parseJson(text, command) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(
      `\`${command}\` did not answer JSON: ${text.slice(0, 300)}`,
    );
  }
}

/** Runs the block; returns the started run's id, its final status and how long it took. */
export async function runCurlBlock(commands, { cwd }) {
  const preamble = commands.filter(c => ASSIGNMENT.test(c)).join('\n');
  const steps = commands.filter(c => !ASSIGNMENT.test(c));
  const needed = { start: false, status: false, list: false };
  let workflowId;
  let status;
  const t0 = Date.now();
  for (const raw of steps) {
    if (raw.includes(PLACEHOLDER) && !workflowId)
      throw new Error(
        `\`${raw}\` uses ${PLACEHOLDER} before any command started a run`,
      );
    const command = workflowId ? raw.split(PLACEHOLDER).join(workflowId) : raw;
    if (command.includes('generate-extended')) {
      const body = parseJson(sh(preamble, command, cwd), raw);
      if (!body.workflow_id)
        throw new Error(
          `the start call answered no workflow_id: ${JSON.stringify(body)}`,
        );
      workflowId = body.workflow_id;
      needed.start = true;
    } else if (raw.includes(`/v1/workflows/${PLACEHOLDER}`)) {
      const run = await poll(
        () => {
          const body = parseJson(sh(preamble, command, cwd), raw);
          return body.status && body.status !== 'running' ? body : undefined;
        },
        RUN_LIMIT_MS,
        `${workflowId} to close`,
      );
      status = run.status;
      if (status !== 'completed')
        throw new Error(`${workflowId} ended ${status}: ${run.error ?? ''}`);
      needed.status = true;
    } else if (/\bworkflow list\b/.test(command)) {
      const out = sh(preamble, command, cwd);
      if (!out.includes(workflowId))
        throw new Error(`\`${raw}\` does not list ${workflowId}`);
      needed.list = true;
    } else if (!sh(preamble, command, cwd).trim()) {
      throw new Error(`\`${raw}\` printed nothing`);
    }
  }
  const missing = Object.entries(needed)
    .filter(([, done]) => !done)
    .map(([k]) => k);
  if (missing.length)
    throw new Error(
      `the README's curl block has no ${missing.join(', ')} command`,
    );
  return { workflowId, status, ms: Date.now() - t0 };
}
