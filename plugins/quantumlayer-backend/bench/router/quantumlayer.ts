// Starts QuantumLayer's gateway for `yarn bench:router`: a Backstage backend
// child process (gateway-backend.ts) with the plugin, a static token and one
// alias routed to the loopback upstream. Breaker and cache state live in the
// machine's Redis, as in a multi-replica deployment; uncached phases send
// `cache-control: no-cache` so every request goes upstream.
//
// `production` (the default) runs what a production router role runs on every
// call: the OpenTelemetry tracer exporting spans by OTLP/HTTP (to a loopback
// receiver here, the collector in a cluster) and the Prometheus meter
// (packages/backend/src/instrumentation.js, as the image loads it), `llm-call`
// audit events logged at LOG_LEVEL info, a budget rule the caller is under
// (reserve and settle in Redis), and the usage ledger in PostgreSQL. `lean`
// turns all of that off, to show what it costs.
import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import fs from 'fs';
import { freePort } from '@internal/quantumlayer-test-utils';
import { unpackBackendBuild } from './backend-build';
import os from 'os';
import path from 'path';

/** A running QuantumLayer gateway the benchmark can measure. */
export interface QuantumlayerGateway {
  /**
   * `http://127.0.0.1:<port>` plus the plugin's mount, without a trailing
   * slash; the benchmark posts to `${baseUrl}/v1/chat/completions`.
   */
  baseUrl: string;
  /** Sent with every request, e.g. `{ authorization: 'Bearer <static token>' }`. */
  headers: Record<string, string>;
  /** The backend process; its /proc/<pid>/stat CPU time is what RPS/core divides by. */
  pid: number;
  /** The same gateway under the portal's mount, `/api/quantumlayer-router`. */
  portalBaseUrl: string;
  /** The `model` value to send so that the gateway routes to the upstream. */
  model: string;
  mode: GatewayMode;
  /** The Prometheus scrape URL (production mode). */
  metricsUrl?: string;
  /** The router's Redis key prefix, to read the budget counters back. */
  redisPrefix?: string;
  stop(): Promise<void>;
  /**
   * Turns on exact-match response caching. Called once, after the uncached
   * phases; the benchmark reads `headers` again afterwards.
   */
  enableCache?: () => Promise<void>;
}

const TOKEN = `bench-${randomUUID()}`;
const READY_TIMEOUT_MS = 60_000;
/**
 * The group the static token's calls bill to (`x-quantumlayer-group`, as a
 * service principal in production names its team): budgets are per user or
 * group.
 */
export const BENCH_GROUP = 'group:default/bench';

/**
 * The V8 flags the router and gateway roles run with
 * (deploy/base/apps/router.yaml and gateway.yaml, the image's CMD).
 */
const DEPLOYED_NODE_FLAGS = ['--max-semi-space-size=64'];

/** `production`: tracing, metrics, audit, budgets and the PostgreSQL ledger on; `lean`: all off. */
export type GatewayMode = 'production' | 'lean';

interface Production {
  /** OTLP/HTTP base URL the tracer exports to. */
  otlpUrl: string;
  /** Per-run prefix of the plugin databases in the machine's PostgreSQL. */
  databasePrefix: string;
  metricsPort: number;
}

function configYaml(
  port: number,
  gatewayPort: number,
  upstreamUrl: string,
  redis: { url: string; keyPrefix: string } | undefined,
  production: Production | undefined,
  roles: string[] | undefined,
) {
  return JSON.stringify({
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { port, host: '127.0.0.1' },
      database: production
        ? {
            client: 'pg',
            connection: { host: '127.0.0.1', port: 5432, user: 'postgres' },
            prefix: production.databasePrefix,
          }
        : { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token: TOKEN, subject: 'bench' } },
        ],
      },
    },
    permission: { enabled: false },
    quantumlayer: {
      ...(roles ? { roles } : {}),
      temporal: { role: 'client', address: '127.0.0.1:1' },
      gateway: { listen: { port: gatewayPort, host: '127.0.0.1' } },
      llm: {
        providers: [
          // vLLM-style: the lean built-in wire client.
          {
            type: 'openai-compatible',
            id: 'upstream',
            baseUrl: upstreamUrl,
            apiKey: 'sk-bench-loopback',
            models: ['m1'],
          },
          // The same upstream through the official openai SDK.
          {
            type: 'openai',
            id: 'upstream-sdk',
            baseUrl: upstreamUrl,
            apiKey: 'sk-bench-loopback',
            models: ['m1'],
          },
        ],
      },
      router: {
        models: [
          { alias: 'bench', targets: [{ provider: 'upstream', model: 'm1' }] },
          {
            alias: 'bench-sdk',
            targets: [{ provider: 'upstream-sdk', model: 'm1' }],
          },
        ],
        ...(redis ? { redis } : {}),
        // Far above what a run spends: checked and charged, never refused.
        ...(production
          ? {
              budgets: [{ owner: BENCH_GROUP, period: 'daily', tokens: 1e15 }],
            }
          : {}),
      },
    },
  });
}

async function waitReady(
  baseUrl: string,
  child: ChildProcess,
  output: () => string,
) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `gateway backend exited (${child.exitCode}):\n${output()}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/v1/models`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `gateway backend not ready in ${READY_TIMEOUT_MS} ms:\n${output()}`,
      );
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

/**
 * How to start the production build: the portal's app-config first (its
 * catalog locations, auth and plugins' settings), the benchmark's after it.
 */
function built(build: 'router' | 'portal') {
  const { entry, cwd } = unpackBackendBuild();
  const appConfig = path.resolve(__dirname, '../../../../app-config.yaml');
  return {
    cwd,
    args: [entry, ...(build === 'portal' ? ['--config', appConfig] : [])],
  };
}

/** Drops the plugin databases a production-mode run created. */
async function dropDatabases(prefix: string) {
  const { default: knex } = await import('knex');
  const db = knex({
    client: 'pg',
    connection: { host: '127.0.0.1', port: 5432, user: 'postgres' },
  });
  try {
    const { rows } = await db.raw(
      'SELECT datname FROM pg_database WHERE starts_with(datname, ?)',
      [prefix],
    );
    for (const { datname } of rows as Array<{ datname: string }>) {
      await db.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await db.destroy();
  }
}

/**
 * Starts the gateway against `upstreamUrl`, the upstream's OpenAI base URL
 * (`http://127.0.0.1:<port>/v1`); in `production` mode its spans go to
 * `otlpUrl`.
 */
export async function startQuantumlayerGateway(
  upstreamUrl: string,
  options: {
    mode: GatewayMode;
    otlpUrl?: string;
    /**
     * Another checkout of this repository (a `git worktree` inside this one,
     * so it resolves the same node_modules) whose plugin to run instead: an
     * A/B of two code versions in one run.
     */
    checkout?: string;
    /** V8/node flags added before the deployed ones (an A/B of flags). */
    nodeArgs?: string[];
    /**
     * Runs the production build (`yarn build:backend`, unpacked as the image
     * runs it) instead of this plugin through the development transform:
     * `router` is the router role as deployed (deploy/base/apps/router.yaml),
     * `portal` the whole portal in one process (every plugin, no roles).
     */
    build?: 'router' | 'portal';
  } = { mode: 'lean' },
): Promise<QuantumlayerGateway> {
  const port = await freePort();
  const gatewayPort = await freePort();
  // QL_BENCH_REDIS_URL='' measures per-replica (in-memory) state instead.
  const redisUrl = process.env.QL_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = redisUrl
    ? { url: redisUrl, keyPrefix: `ql:bench:${randomUUID()}:` }
    : undefined;
  const production: Production | undefined =
    options.mode === 'production'
      ? {
          otlpUrl: options.otlpUrl!,
          databasePrefix: `ql_bench_${randomUUID().slice(0, 8)}_`,
          metricsPort: await freePort(),
        }
      : undefined;
  const configFile = path.join(os.tmpdir(), `ql-bench-gateway-${port}.json`);
  // Production mode is the router role as deployed
  // (deploy/base/apps/router.yaml): the LLM gateway alone.
  const roles =
    options.build === 'portal' || !production ? undefined : ['router'];
  fs.writeFileSync(
    configFile,
    configYaml(port, gatewayPort, upstreamUrl, redis, production, roles),
  );
  const pluginDir = options.checkout
    ? path.join(options.checkout, 'plugins/quantumlayer-backend')
    : path.resolve(__dirname, '../..');
  const launch = options.build
    ? built(options.build)
    : {
        cwd: pluginDir,
        args: [
          '--require',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          path.join(pluginDir, 'bench/router/gateway-backend.ts'),
        ],
      };
  // The checkout's own: its tracer and meter setup is part of what runs.
  const instrumentation = path.join(
    options.checkout ?? path.resolve(__dirname, '../../../..'),
    'packages/backend/src/instrumentation.js',
  );
  const child = spawn(
    process.execPath,
    [
      ...(process.env.QL_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ...(options.nodeArgs ?? []),
      // Both modes: the flags are the deployment's, not a feature.
      ...DEPLOYED_NODE_FLAGS,
      ...(production ? ['--require', instrumentation] : []),
      ...launch.args,
      '--config',
      configFile,
    ],
    {
      cwd: launch.cwd,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        ...(production
          ? {
              // As deployed: info. Each call still opens and closes its
              // llm-call audit event; Backstage's default mapping (low to
              // debug) drops them after the auditor has built them.
              LOG_LEVEL: process.env.QL_BENCH_LOG_LEVEL ?? 'info',
              OTEL_EXPORTER_OTLP_ENDPOINT: production.otlpUrl,
              OTEL_SERVICE_NAME: 'quantumlayer-router-bench',
              QL_METRICS_PORT: String(production.metricsPort),
            }
          : {
              LOG_LEVEL: process.env.QL_BENCH_LOG_LEVEL ?? 'warn',
              QL_METRICS: 'off',
            }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // A checkout from before the router package (de7bc86 and older) mounts
  // the router under the code-generation plugin's id.
  const pluginId =
    options.checkout &&
    !fs.existsSync(
      path.join(options.checkout, 'plugins/quantumlayer-router-backend'),
    )
      ? 'quantumlayer'
      : 'quantumlayer-router';
  const baseUrl = `http://127.0.0.1:${port}/api/${pluginId}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(r => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(configFile, { force: true });
    if (production) await dropDatabases(production.databasePrefix);
  };
  try {
    await waitReady(baseUrl, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  const gateway: QuantumlayerGateway = {
    mode: options.mode,
    metricsUrl: production
      ? `http://127.0.0.1:${production.metricsPort}/metrics`
      : undefined,
    redisPrefix: redis?.keyPrefix,
    baseUrl: `http://127.0.0.1:${gatewayPort}`,
    portalBaseUrl: baseUrl,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'cache-control': 'no-cache',
      'x-quantumlayer-group': BENCH_GROUP,
    },
    pid: child.pid!,
    model: 'bench',
    stop,
    async enableCache() {
      delete gateway.headers['cache-control'];
    },
  };
  return gateway;
}
