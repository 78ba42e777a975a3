/* eslint-disable no-console */
// yarn bench:health [--clients 50] [--requests 40] [--cache 5]
// GET /health/details under concurrent clients, with every check real: the
// machine's PostgreSQL and Redis, a Temporal dev server, the LLM router.
// Baseline, in the same run on the same server: a route answering {} with
// no checks. Prints p50/p99 for both, the ratio, and the goal (p99 ≤ 100 ms
// with 50 clients). Each client sends --requests requests back to back.
import http from 'http';
import type { AddressInfo } from 'net';
import express from 'express';
import Router from 'express-promise-router';
import knexFactory from 'knex';
import { createTemporalEnv } from '../src/__testUtils__/temporal';
import {
  databaseCheck,
  llmRouterCheck,
  HealthMonitor,
  addHealthRoutes,
} from '@internal/backstage-plugin-quantumlayer-node';
import { redisCheck } from '../../quantumlayer-router-backend/src/health/redis-check';
import { temporalCheck } from '../src/health/checks/temporal-check';
import { LlmRouter } from '../../quantumlayer-router-backend/src/llm/llm-router';
import { TemplateProvider } from '../src/offline-template/template-provider';
import { RedisConnection } from '../../quantumlayer-router-backend/src/llm/redis/redis-connection';
import { GenerateWorkflowClient } from '../src/workflows/client';
import { flag, num } from './cli-flags';

const CLIENTS = num('clients', 50, 1, 500);
const REQUESTS = num('requests', 40, 1, 10_000);
const CACHE_SECONDS = num('cache', 5, 0, 3600);
const PG =
  flag('pg') ??
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';
const REDIS = flag('redis') ?? 'redis://127.0.0.1:6379';

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
};

function get(agent: http.Agent, port: number, path: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, res => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(performance.now() - started)
          : reject(new Error(`${path} answered ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
  });
}

async function load(port: number, path: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < REQUESTS; i++)
        latencies.push(await get(agent, port, path));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / seconds,
  };
}

async function main() {
  const env = await createTemporalEnv();
  const db = knexFactory({ client: 'pg', connection: PG });
  const redis = new RedisConnection({ url: REDIS, commandTimeoutMs: 1000 });
  const settings = {
    address: env.address,
    namespace: 'default',
    taskQueue: 'bench-health',
    sandboxTaskQueue: 'bench-health-sandbox',
  };
  const workflows = new GenerateWorkflowClient({
    ...settings,
    tls: false,
    uiUrl: '',
    role: 'client',
    maxRepairAttempts: 0,
    budget: {},
    testTimeoutMs: 1000,
    maxTestOutputBytes: 1000,
  });
  const health = new HealthMonitor(
    [
      databaseCheck(db),
      temporalCheck(workflows, settings),
      redisCheck(redis),
      llmRouterCheck(new LlmRouter({ providers: [new TemplateProvider()] })),
    ],
    { cacheMs: CACHE_SECONDS * 1000 },
  );
  const router = Router();
  const httpAuth = { credentials: async () => ({}) } as never;
  addHealthRoutes(router, { httpAuth, health });
  router.get('/baseline', (_req, res) => {
    res.json({});
  });
  const app = express().use(router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise(r => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  try {
    for (let i = 0; i < 100 && !redis.ready; i++) {
      await new Promise(r => setTimeout(r, 20));
    }
    const first = await health.details();
    console.log(
      `checks: ${first.checks
        .map(c => `${c.name} ${c.status} ${c.latencyMs} ms`)
        .join(', ')}`,
    );
    await load(port, '/baseline'); // warm-up
    const baseline = await load(port, '/baseline');
    const details = await load(port, '/health/details');
    const row = (name: string, r: typeof baseline) =>
      `${name.padEnd(16)} p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(
        2,
      )} ms  ${r.rps.toFixed(0)} req/s`;
    console.log(
      `${CLIENTS} clients × ${REQUESTS} requests, cache ${CACHE_SECONDS} s`,
    );
    console.log(row('baseline {}', baseline));
    console.log(row('/health/details', details));
    console.log(
      `ratio vs baseline: p50 ×${(details.p50 / baseline.p50).toFixed(
        2,
      )}  p99 ×${(details.p99 / baseline.p99).toFixed(2)}`,
    );
    console.log(
      `goal: /health/details p99 <= 100 ms with ${CLIENTS} clients: ${
        details.p99 <= 100 ? 'met' : 'MISS'
      }`,
    );
  } finally {
    server.close();
    redis.client.disconnect();
    await workflows.close();
    await db.destroy();
    await env.teardown();
  }
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
