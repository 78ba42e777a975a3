// Starts QuantumLayer's gateway for `yarn bench:router`: a Backstage backend
// child process (gateway-backend.ts) with the plugin, a static token and one
// alias routed to the loopback upstream. Breaker and cache state live in the
// machine's Redis, as in a multi-replica deployment; uncached phases send
// `cache-control: no-cache` so every request goes upstream.
import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import fs from 'fs';
import { freePort } from '../../src/__testUtils__/free-port';
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
  /** The same gateway under the portal's mount, `/api/quantumlayer`. */
  portalBaseUrl: string;
  /** The `model` value to send so that the gateway routes to the upstream. */
  model: string;
  stop(): Promise<void>;
  /**
   * Turns on exact-match response caching. Called once, after the uncached
   * phases; the benchmark reads `headers` again afterwards.
   */
  enableCache?: () => Promise<void>;
}

const TOKEN = `bench-${randomUUID()}`;
const READY_TIMEOUT_MS = 60_000;

function configYaml(
  port: number,
  gatewayPort: number,
  upstreamUrl: string,
  redisUrl: string,
) {
  return JSON.stringify({
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { port, host: '127.0.0.1' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token: TOKEN, subject: 'bench' } },
        ],
      },
    },
    permission: { enabled: false },
    quantumlayer: {
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
        ...(redisUrl
          ? { redis: { url: redisUrl, keyPrefix: `ql:bench:${randomUUID()}:` } }
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
 * Starts the gateway against `upstreamUrl`, the upstream's OpenAI base URL
 * (`http://127.0.0.1:<port>/v1`).
 */
export async function startQuantumlayerGateway(
  upstreamUrl: string,
): Promise<QuantumlayerGateway> {
  const port = await freePort();
  const gatewayPort = await freePort();
  // QL_BENCH_REDIS_URL='' measures per-replica (in-memory) state instead.
  const redisUrl = process.env.QL_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const configFile = path.join(os.tmpdir(), `ql-bench-gateway-${port}.json`);
  fs.writeFileSync(
    configFile,
    configYaml(port, gatewayPort, upstreamUrl, redisUrl),
  );
  const entry = path.join(__dirname, 'gateway-backend.ts');
  const child = spawn(
    process.execPath,
    [
      ...(process.env.QL_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      entry,
      '--config',
      configFile,
    ],
    {
      cwd: path.resolve(__dirname, '../..'),
      // warn: a log line per request is not what a gateway should pay for in production either.
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: process.env.QL_BENCH_LOG_LEVEL ?? 'warn',
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
  const baseUrl = `http://127.0.0.1:${port}/api/quantumlayer`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(r => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(configFile, { force: true });
  };
  try {
    await waitReady(baseUrl, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  const gateway: QuantumlayerGateway = {
    baseUrl: `http://127.0.0.1:${gatewayPort}`,
    portalBaseUrl: baseUrl,
    headers: { authorization: `Bearer ${TOKEN}`, 'cache-control': 'no-cache' },
    pid: child.pid!,
    model: 'bench',
    stop,
    async enableCache() {
      delete gateway.headers['cache-control'];
    },
  };
  return gateway;
}
