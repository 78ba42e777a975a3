#!/usr/bin/env node
// The README's commands as tests. Clones HEAD into a temporary folder (the
// Yarn and Temporal CLI caches are the user's, so they are shared), runs
// README command 1 exactly as written, waits for the frontend (:3000) and the
// backend (:7007), runs the README's curl block with the README's token, runs
// the example template and the publishing template (to the local Gitea forge
// README command 1 starts) through the scaffolder REST API, finds the runs
// in `temporal workflow list`, and stops everything it started, by PID.
// Writes .data/readme-smoke-results.json and ends with "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readmeCommands } from './readme-commands.mjs';
import { runCurlBlock } from './curl-block.mjs';
import { runTemplate, SMOKE_VALUES } from './scaffolder-task.mjs';
import { poll, portOpen, stopGroup } from './processes.mjs';

const repo = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../..',
);
const BACKEND = 'http://localhost:7007';
const FRONTEND = 'http://localhost:3000';
const READY_LIMIT_MS = Number(
  process.env.QL_SMOKE_READY_LIMIT_MS ?? 20 * 60_000,
);
const cases = [];
const started = Date.now();

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    cases.push({ name, ok: true, ms: Date.now() - t0, detail });
    console.log(
      `  ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${
        detail ? `: ${detail}` : ''
      }`,
    );
    return true;
  } catch (e) {
    cases.push({
      name,
      ok: false,
      ms: Date.now() - t0,
      detail: String(e.message ?? e),
    });
    console.log(`  ✗ ${name}: ${e.message ?? e}`);
    return false;
  }
}

function finish(clone, keep) {
  const passed = cases.filter(c => c.ok).length;
  const failed = cases.length - passed;
  const seconds = Math.round((Date.now() - started) / 1000);
  fs.mkdirSync(path.join(repo, '.data'), { recursive: true });
  fs.writeFileSync(
    path.join(repo, '.data/readme-smoke-results.json'),
    JSON.stringify({ passed, failed, seconds, cases }, null, 2),
  );
  if (clone && !keep && !failed)
    fs.rmSync(clone, { recursive: true, force: true });
  else if (clone) console.log(`  the clone stays for a look: ${clone}`);
  console.log(
    `readme smoke: ${passed} passed, ${failed} failed (${seconds} s)`,
  );
  process.exit(failed ? 1 : 0);
}

async function main() {
  const keep = process.argv.includes('--keep');
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  let commands;
  const parsed = await step(
    'README: two commands first, the test one is what .ci/run runs',
    () => {
      commands = readmeCommands(readme);
      const ci = fs.readFileSync(path.join(repo, '.ci/run'), 'utf8');
      if (!ci.split('\n').some(l => l.trim() === commands.test))
        throw new Error(
          `.ci/run does not run README command 2 (${commands.test})`,
        );
      return `start: ${commands.start}`;
    },
  );
  if (!parsed) return finish(undefined, keep);

  for (const [port, what] of [
    [7007, 'backend'],
    [3000, 'frontend'],
    [3300, 'the local Gitea forge'],
  ]) {
    // A portal stopped just before (the browser suite's) may still be exiting.
    const free = await poll(
      async () => !(await portOpen(port)),
      30_000,
      `:${port}`,
    ).catch(() => false);
    if (!free) {
      await step(`port ${port} is free`, () => {
        throw new Error(
          `something already listens on :${port} (${what}); stop it first`,
        );
      });
      return finish(undefined, keep);
    }
  }
  const ownTemporal = !(await portOpen(7233));

  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-readme-smoke-'));
  // As a `git clone` leaves it (mkdtemp's 0700 would close it to the forge's
  // own user, scripts/gitea-dev.sh).
  fs.chmodSync(clone, 0o755);
  const cloned = await step('clone HEAD', () => {
    const r = spawnSync('git', ['clone', '--quiet', repo, clone], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr.trim());
    return spawnSync('git', ['-C', clone, 'log', '-1', '--format=%h %s'], {
      encoding: 'utf8',
    }).stdout.trim();
  });
  if (!cloned) return finish(clone, keep);

  const logFile = path.join(repo, '.data/readme-smoke-portal.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  // Exactly the README's line, in a process group of its own so it stops whole.
  const portal = spawn('bash', ['-c', commands.start], {
    cwd: clone,
    detached: true,
    stdio: ['ignore', log, log],
  });
  let exited = null;
  portal.on('exit', code => (exited = code));
  const stopAll = async () => {
    const pidFile = path.join(clone, '.data/temporal.pid');
    const temporalPid = fs.existsSync(pidFile)
      ? Number(fs.readFileSync(pidFile, 'utf8').trim())
      : 0;
    await stopGroup(portal.pid);
    if (ownTemporal && temporalPid)
      await stopGroup(temporalPid, { group: false });
  };

  try {
    const ready = await step(
      `README command 1 (${commands.start}): frontend :3000 and backend :7007 answer`,
      async () => {
        await poll(
          async () => {
            if (exited !== null)
              throw new Error(`it exited with ${exited}; ${tail(logFile)}`);
            const [b, f] = await Promise.all([
              okStatus(`${BACKEND}/api/quantumlayer/ready`),
              okStatus(FRONTEND),
            ]);
            return b && f;
          },
          READY_LIMIT_MS,
          'the portal to answer',
        );
        return `up ${((Date.now() - started) / 1000).toFixed(
          0,
        )} s after the start (install included)`;
      },
    );
    if (ready) await runChecks(clone, commands.curl);
  } finally {
    await step(
      'stop everything it started, by PID (ports 7007 and 3000 close)',
      async () => {
        await stopAll();
        await poll(
          async () => !(await portOpen(7007)) && !(await portOpen(3000)),
          30_000,
          'the ports to close',
        );
        return ownTemporal
          ? 'portal and Temporal dev server stopped'
          : 'portal stopped (Temporal was already running)';
      },
    );
    fs.closeSync(log);
  }
  finish(clone, keep);
}

async function runChecks(clone, curlBlock) {
  const ids = [];
  await step(
    'README curl block with the README token: start, poll to completed, health, workflow list',
    async () => {
      const r = await runCurlBlock(curlBlock, { cwd: clone });
      ids.push(r.workflowId);
      return `${r.workflowId} ${r.status} in ${(r.ms / 1000).toFixed(1)} s`;
    },
  );
  await step(
    'example template through the scaffolder REST API: task completed',
    async () => {
      const r = await runTemplate(BACKEND, 'quantumlayer-python-function');
      ids.push(r.workflowId);
      return `task ${r.taskId} completed, ${r.workflowId}${
        r.offlineWarning ? ', its log warns of the offline template' : ''
      }`;
    },
  );
  await step(
    'publishing template through the scaffolder REST API: a repository in the local Gitea, the component in the catalog',
    async () => {
      const repoName = `readme-smoke-${Date.now().toString(36)}`;
      const r = await runTemplate(BACKEND, 'quantumlayer-publish-gitea', {
        ...SMOKE_VALUES,
        name: repoName,
        type: 'function',
        description: 'README smoke',
        owner: 'group:default/team-alpha',
        repoUrl: `127.0.0.1:3300?owner=quantumlayer&repo=${repoName}`,
      });
      ids.push(r.workflowId);
      const token = fs
        .readFileSync(path.join(clone, '.data/gitea/backstage-token'), 'utf8')
        .trim();
      const res = await fetch(
        `http://127.0.0.1:3300/api/v1/repos/quantumlayer/${repoName}/commits`,
        { headers: { authorization: `token ${token}` } },
      );
      const commits = await res.json();
      if (!res.ok || commits.length !== 1)
        throw new Error(
          `Gitea: HTTP ${res.status}, ${JSON.stringify(commits).slice(0, 200)}`,
        );
      if (r.entityRef !== `component:default/${repoName}`)
        throw new Error(`registered ${r.entityRef ?? 'nothing'}`);
      return `task ${
        r.taskId
      }: quantumlayer/${repoName} holds commit ${commits[0].sha.slice(0, 8)}, ${
        r.entityRef
      } registered`;
    },
  );
  await step('the runs in `temporal workflow list`', () => {
    const temporal = spawnSync('bash', ['scripts/ensure-temporal.sh'], {
      cwd: clone,
      encoding: 'utf8',
    }).stdout.trim();
    const r = spawnSync(
      temporal,
      ['workflow', 'list', '--address', '127.0.0.1:7233', '--limit', '200'],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(r.stderr.trim());
    const missing = ids.filter(id => !r.stdout.includes(id));
    if (missing.length || ids.length < 2)
      throw new Error(
        `not listed: ${missing.join(', ') || 'a run failed to start'}`,
      );
    return ids.join(', ');
  });
}

async function okStatus(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function tail(file) {
  return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-15).join('\n');
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
