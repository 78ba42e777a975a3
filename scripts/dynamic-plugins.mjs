#!/usr/bin/env node
// QuantumLayer's backend plugins and modules, installed as Red Hat Developer
// Hub installs them: exports each one with `rhdh-cli plugin export`
// (scripts/export-dynamic.sh, unless --no-export), copies the results under a
// `dynamicPlugins.rootDirectory`, starts packages/backend/src/dynamicHost.ts
// (the portal's own plugins plus @backstage/backend-dynamic-feature-service,
// no workspace import of ours) and calls one route of each exported package.
// Writes .data/dynamic-plugins-results.json; ends with "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { poll, stopGroup } from './smoke/processes.mjs';

const repo = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const require = createRequire(path.join(repo, 'package.json'));
const TOKEN = 'ql-dev-token-do-not-use-in-production'; // app-config.yaml's
const PACKAGES = {
  'quantumlayer-backend': 'plugin quantumlayer',
  'quantumlayer-router-backend': 'plugin quantumlayer-router',
  'scaffolder-backend-module-quantumlayer': 'module of scaffolder',
  'catalog-backend-module-quantumlayer': 'module of catalog',
  'permission-backend-module-quantumlayer': 'module of permission',
};
const cases = [];

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    cases.push({ name, ok: true, ms: Date.now() - t0, detail });
    console.log(`  ✓ ${name}${detail ? `: ${detail}` : ''}`);
  } catch (error) {
    cases.push({ name, ok: false, ms: Date.now() - t0, error: String(error) });
    console.log(`  ✗ ${name}: ${error?.message ?? error}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function finish() {
  const passed = cases.filter(c => c.ok).length;
  const failed = cases.length - passed;
  fs.mkdirSync(path.join(repo, '.data'), { recursive: true });
  fs.writeFileSync(
    path.join(repo, '.data/dynamic-plugins-results.json'),
    JSON.stringify({ passed, failed, cases }, null, 2),
  );
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (!process.argv.includes('--no-export')) {
  console.log('==> rhdh-cli plugin export of each package');
  const exported = spawnSync('bash', ['scripts/export-dynamic.sh'], {
    cwd: repo,
    stdio: 'inherit',
  });
  await step('rhdh-cli plugin export of the five packages', async () => {
    if (exported.status !== 0) throw new Error(`exit ${exported.status}`);
  });
  if (exported.status !== 0) finish();
}

// Copies, not links: the loader resolves a relative link against the cwd.
// Inside the repo: it resolves the host's packages from its node_modules.
const root = path.join(repo, '.data/dynamic-plugins-root');
fs.rmSync(root, { recursive: true, force: true });
fs.mkdirSync(root, { recursive: true });
for (const dir of Object.keys(PACKAGES)) {
  const from = path.join(repo, 'plugins', dir, 'dist-dynamic');
  await step(`${dir}: exported package present`, async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(from, 'package.json')));
    const shared = Object.keys(pkg.peerDependencies ?? {});
    if (Object.keys(pkg.dependencies).some(d => d.startsWith('@backstage/')))
      throw new Error('a @backstage/* package is not shared with the host');
    fs.cpSync(from, path.join(root, dir), { recursive: true });
    return `${pkg.name} (${pkg.backstage.role}), ${shared.length} shared with the host`;
  });
}

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const config = path.join(repo, '.data/app-config.dynamic.yaml');
fs.writeFileSync(
  config,
  JSON.stringify({
    backend: { baseUrl, listen: { port, host: '127.0.0.1' } },
    dynamicPlugins: { rootDirectory: root },
    quantumlayer: {
      // The workflow API without workers; nothing here needs Temporal.
      temporal: { role: 'client', address: '127.0.0.1:1' },
      vectorStore: { type: 'embedded', directory: ':memory:' },
    },
  }),
);
console.log(`==> dynamicHost.ts on ${baseUrl}, plugins from ${root}`);
const log = fs.openSync(path.join(repo, '.data/dynamic-host.log'), 'w');
const host = spawn(
  process.execPath,
  [
    '--require',
    require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    path.join(repo, 'packages/backend/src/dynamicHost.ts'),
    '--config',
    path.join(repo, 'app-config.yaml'),
    '--config',
    config,
  ],
  {
    cwd: repo,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info' },
  },
);
const get = (url, init = {}) =>
  fetch(`${baseUrl}${url}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, ...init.headers },
    signal: AbortSignal.timeout(15_000),
  });
const json = async (url, init) => {
  const res = await get(url, init);
  if (!res.ok)
    throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
};

try {
  await step('the host starts with the dynamic plugins', async () => {
    const t0 = Date.now();
    await poll(
      async () => {
        if (host.exitCode !== null)
          throw new Error(`host exited ${host.exitCode}`);
        return (await get('/api/quantumlayer/health').catch(() => undefined))
          ?.ok;
      },
      180_000,
      'the host to answer /api/quantumlayer/health',
      1000,
    );
    return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  });
  await step('the feature service loaded all five, none failed', async () => {
    const text = fs.readFileSync(
      path.join(repo, '.data/dynamic-host.log'),
      'utf8',
    );
    const failures = text
      .split('\n')
      .filter(l => /dynamic plugin.*(fail|error)/i.test(l));
    if (failures.length) throw new Error(failures.slice(0, 3).join('\n'));
    const loaded = Object.keys(PACKAGES).filter(
      dir =>
        text.includes(`-${dir}-dynamic`) || text.includes(`${dir}-dynamic`),
    );
    if (loaded.length !== 5)
      throw new Error(`log names ${loaded.join(', ') || 'none'}`);
    return loaded.length.toString();
  });
  await step(
    'quantumlayer: GET /v1/prompts answers from its database',
    async () => {
      const body = await json(
        '/api/quantumlayer/v1/prompts?agent=coder&language=go',
      );
      const count = (body.prompts ?? body.items ?? body).length;
      if (!count)
        throw new Error(`no prompts: ${JSON.stringify(body).slice(0, 200)}`);
      return `${count} prompt(s)`;
    },
  );
  await step(
    'quantumlayer-router: GET /v1/router/providers lists the offline template the codegen package registered',
    async () => {
      const body = await json('/api/quantumlayer-router/v1/router/providers');
      const ids = body.providers.map(p => p.id);
      if (!ids.includes('template'))
        throw new Error(`providers: ${ids.join(', ')}`);
      return ids.join(', ');
    },
  );
  await step(
    'scaffolder module: GET /api/scaffolder/v2/actions lists quantumlayer:generate',
    async () => {
      const actions = await json('/api/scaffolder/v2/actions');
      if (!actions.some(a => a.id === 'quantumlayer:generate'))
        throw new Error(
          `${actions.length} actions, none quantumlayer:generate`,
        );
      return `${actions.length} actions`;
    },
  );
  await step(
    'catalog module: the System quantumlayer is in the catalog',
    async () => {
      const entity = await poll(
        async () => {
          const res = await get(
            '/api/catalog/entities/by-name/system/default/quantumlayer',
          );
          return res.ok ? res.json() : undefined;
        },
        120_000,
        'the entity provider to emit the System',
        2000,
      );
      return `${entity.kind} ${entity.metadata.name}`;
    },
  );
  await step(
    'permission module: its policy refuses a guest a budget change, naming the permission',
    async () => {
      // The permission plugin starts only with a policy, and service tokens
      // skip policies: a signed-in user's refusal is the module's decision.
      const refresh = await fetch(
        `${baseUrl}/api/auth/guest/refresh?env=development`,
        { headers: { 'x-requested-with': 'XMLHttpRequest' } },
      );
      if (!refresh.ok) throw new Error(`guest sign-in: HTTP ${refresh.status}`);
      const session = await refresh.json();
      const guest = session.backstageIdentity.token;
      const res = await get('/api/quantumlayer-router/v1/budgets', {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${guest}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          scope: 'user:development/guest',
          period: 'day',
          limitTokens: 1000000,
        }),
      });
      const text = await res.text();
      if (res.status !== 403 || !text.includes('quantumlayer.budget.manage'))
        throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
      return `HTTP 403 for ${session.identity?.userEntityRef ?? 'the guest'}`;
    },
  );
} finally {
  await stopGroup(host.pid);
}
finish();
