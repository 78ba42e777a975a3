import knexFactory from 'knex';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestDatabases } from '../../__testUtils__/database';
import { freePort } from '@internal/quantumlayer-test-utils';
import { createStandaloneLlmRouter } from '@internal/backstage-plugin-quantumlayer-router-backend';
import { createTemplateProvider } from '../../offline-template/create-template-provider';
import { createTemporalEnv } from '../../__testUtils__/temporal';
import { GenerateWorkflowClient } from '../../workflows/client';
import {
  databaseCheck,
  HealthMonitor,
  llmRouterCheck,
} from '@internal/backstage-plugin-quantumlayer-node';
import { temporalCheck } from './temporal-check';

jest.setTimeout(120_000);
const databases = createTestDatabases();
const details = (monitor: HealthMonitor) =>
  monitor.details().then(r => r.checks[0]);

(process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  ? describe
  : describe.skip)('databaseCheck on PostgreSQL', () => {
  it('reports PostgreSQL version and role', async () => {
    const knex = await databases.init('POSTGRES_15');
    const check = await details(new HealthMonitor([databaseCheck(knex)]));
    expect(check).toMatchObject({
      status: 'ok',
      critical: true,
      message: expect.stringMatching(/^PostgreSQL 15\.\d+.*, primary/),
      details: { client: 'postgresql', role: 'primary' },
    });
  });
});

describe('databaseCheck', () => {
  it('reports sqlite as embedded', async () => {
    const knex = await databases.init('SQLITE_3');
    const check = await details(new HealthMonitor([databaseCheck(knex)]));
    expect(check).toMatchObject({
      status: 'ok',
      message: 'better-sqlite3 (embedded)',
    });
  });

  it('is down with the reason when PostgreSQL does not answer', async () => {
    const port = await freePort();
    const knex = knexFactory({
      client: 'pg',
      connection: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      acquireConnectionTimeout: 1000,
    });
    try {
      const monitor = new HealthMonitor([databaseCheck(knex)]);
      const check = await details(monitor);
      expect(check.status).toBe('down');
      expect(check.message).toMatch(/ECONNREFUSED|Timeout acquiring/);
      expect(await monitor.ready()).toMatchObject({ ready: false });
    } finally {
      await knex.destroy();
    }
  });
});

describe('temporalCheck', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTemporalEnv();
  });
  afterAll(() => env?.teardown());

  const settings = (address: string) => ({
    address,
    namespace: 'default',
    taskQueue: 'health-test',
    sandboxTaskQueue: 'health-test-sandbox',
    tls: false,
    uiUrl: 'http://ui.test',
    role: 'client' as const,
    maxRepairAttempts: 0,
    budget: {},
    testTimeoutMs: 1000,
    maxTestOutputBytes: 1000,
  });

  it('reports the namespace, counts, and queues nobody polls as degraded', async () => {
    const s = settings(env.address);
    const client = new GenerateWorkflowClient(s);
    try {
      const check = await details(
        new HealthMonitor([temporalCheck(client, s)]),
      );
      expect(check).toMatchObject({
        status: 'degraded',
        critical: true,
        details: {
          namespace: 'default',
          namespaceState: 'registered',
          running: expect.any(Number),
          failedLast24h: expect.any(Number),
          pollers: [
            { queue: 'health-test', type: 'workflow', pollers: 0 },
            { queue: 'health-test', type: 'activity', pollers: 0 },
            { queue: 'health-test-sandbox', type: 'activity', pollers: 0 },
          ],
        },
      });
      expect(check.message).toContain('no worker polls health-test (workflow)');
    } finally {
      await client.close();
    }
  });

  it('is down with the reason when Temporal does not answer', async () => {
    const s = settings(`127.0.0.1:${await freePort()}`);
    const client = new GenerateWorkflowClient(s);
    try {
      const check = await details(
        new HealthMonitor([temporalCheck(client, s)]),
      );
      expect(check.status).toBe('down');
      expect(check.message).toMatch(/connect|no answer in 3000 ms|Failed/i);
    } finally {
      await client.close();
    }
  });
});

describe('llmRouterCheck', () => {
  it('reports providers and closed circuits', async () => {
    const router = createStandaloneLlmRouter({
      providers: [createTemplateProvider()],
    });
    const check = await details(new HealthMonitor([llmRouterCheck(router)]));
    expect(check).toMatchObject({
      status: 'ok',
      details: {
        providers: [
          expect.objectContaining({
            id: 'template',
            targets: [expect.objectContaining({ circuit: 'closed' })],
          }),
        ],
      },
    });
  });
});
