import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { discoveryServiceFactory } from '@backstage/backend-defaults/discovery';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AddressInfo } from 'net';
import request from 'supertest';
import { seedRequest } from '../__testUtils__/activities';
import { catalogWithMockUser } from '@internal/quantumlayer-test-utils';
import { createTemporalEnv } from '../__testUtils__/temporal';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { quantumlayerRouterPlugin } from '@internal/backstage-plugin-quantumlayer-router-backend';
import { quantumlayerPlugin } from '../plugin';
import {
  quantumlayerCodegenWorkerModule,
  quantumlayerSandboxWorkerModule,
  quantumlayerWorkflowApiModule,
} from './parts';
import { offlineTemplateStandIn } from '../__testUtils__/offline-template';

jest.setTimeout(180_000);

// What instrumentation.js registers in production, with spans kept in memory.
const spans = new InMemorySpanExporter();
const tracing = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(spans)],
});
tracing.register();
// And the metrics, read by collecting the Prometheus reader directly.
const reader = new PrometheusExporter({ preventServerStart: true });
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

/** The sum of a counter's points, or undefined when it has none. */
async function counter(name: string, labels: Record<string, string> = {}) {
  const { resourceMetrics } = await reader.collect();
  const points = resourceMetrics.scopeMetrics
    .flatMap(scope => scope.metrics)
    .filter(m => m.descriptor.name === name)
    .flatMap(m => m.dataPoints as Array<{ attributes: object; value: number }>)
    .filter(p =>
      Object.entries(labels).every(
        ([k, v]) => (p.attributes as Record<string, unknown>)[k] === v,
      ),
    );
  return points.length ? points.reduce((n, p) => n + p.value, 0) : undefined;
}

type TestBackend = Awaited<ReturnType<typeof startTestBackend>>;

/**
 * Shared by the roles: the workflow role signs each run's billing with it,
 * and the router role bills a worker's calls only to a claim it verifies.
 */
const claimSecret = 'split-roles-claim-secret-of-at-least-32-characters';

const api = '/api/quantumlayer';
const routerApi = '/api/quantumlayer-router';
const user = mockCredentials.user.header();
const pg = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const databases = TestDatabases.create({
  ids: pg ? ['POSTGRES_15'] : ['SQLITE_3'],
  disableDocker: true,
});

/** The audit events a backend recorded, as their options and outcome. */
type AuditRecord = { eventId: string; meta?: object; outcome?: object };

/** One backend of the split deployment: the role's plugin and modules, on the shared database. */
async function startRole(
  knex: Awaited<ReturnType<typeof databases.init>>,
  plugins: BackendFeature[],
  quantumlayer: object,
  discovery?: object,
  audit: AuditRecord[] = [],
): Promise<TestBackend> {
  return startTestBackend({
    features: [
      mockServices.auditor.mock({
        createEvent: async options => {
          const record: AuditRecord = { ...options };
          audit.push(record);
          return {
            success: async outcome => {
              record.outcome = { ...outcome, ok: true };
            },
            fail: async outcome => {
              record.outcome = { ...outcome, ok: false };
            },
          };
        },
      }).factory,
      ...plugins,
      catalogWithMockUser('codegen'),
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      ...(discovery ? [discoveryServiceFactory] : []),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://127.0.0.1:1' },
          ...(discovery ? { discovery } : {}),
          quantumlayer,
        },
      }),
    ],
  });
}

describe.each(databases.eachSupportedId())(
  'split roles on %s: workflow-api + workers in one backend, router in another',
  databaseId => {
    let env: TestWorkflowEnvironment;
    let routerRole: TestBackend;
    let workflowRole: TestBackend;
    const routerAudit: AuditRecord[] = [];

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      env = await createTemporalEnv();
      routerRole = await startRole(
        knex,
        [quantumlayerRouterPlugin, offlineTemplateStandIn],
        { router: { claimSecret } },
        undefined,
        routerAudit,
      );
      const port = (routerRole.server.address() as AddressInfo).port;
      workflowRole = await startRole(
        knex,
        [
          quantumlayerPlugin,
          quantumlayerWorkflowApiModule,
          quantumlayerCodegenWorkerModule,
          quantumlayerSandboxWorkerModule,
        ],
        {
          temporal: { address: env.address, taskQueue: 'split-roles' },
          router: { claimSecret },
        },
        {
          endpoints: [
            {
              target: `http://127.0.0.1:${port}/api/quantumlayer-router`,
              plugins: ['quantumlayer-router'],
            },
          ],
        },
      );
    });

    afterAll(async () => {
      await tracing.shutdown();
      metrics.disable();
      await workflowRole?.stop();
      await routerRole?.stop();
      await env?.teardown();
    });

    it('runs a workflow whose every LLM call is served and billed by the router role, in one trace', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const started = await request(workflowRole.server)
        .post(`${api}/v1/workflows/generate-extended`)
        .set('Authorization', user)
        .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
        .send(seedRequest);
      expect(started.status).toBe(202);
      expect(started.headers['x-quantumlayer-trace-id']).toBe(traceId);
      const id = started.body.workflow_id;
      let run: request.Response;
      const deadline = Date.now() + 120_000;
      do {
        await new Promise(r => setTimeout(r, 200));
        run = await request(workflowRole.server)
          .get(`${api}/v1/workflows/${id}`)
          .set('Authorization', user);
      } while (run.body.status === 'running' && Date.now() < deadline);
      expect(run.body.status).toBe('completed');

      // Counted once, by the worker's workflow interceptor (two backends
      // share this process's meter provider; only the worker counts).
      expect(await counter('quantumlayer_workflow_starts_total')).toBe(1);
      expect(
        await counter('quantumlayer_workflow_completions_total', {
          outcome: 'completed',
        }),
      ).toBe(1);

      // The router role's ledger holds the run's calls, billed to the user.
      const usage = await request(routerRole.server)
        .get(`${routerApi}/v1/usage?groupBy=user`)
        .set('Authorization', user);
      expect(usage.status).toBe(200);
      const row = usage.body.rows.find(
        (r: { key: string }) => r.key === 'user:default/mock',
      );
      expect(row?.requests).toBeGreaterThanOrEqual(5);

      // The router role audited each call as the run's starter, without text.
      const calls = routerAudit.filter(
        e =>
          e.eventId === 'llm-call' &&
          (e.meta as { endpoint: string }).endpoint === 'router.complete',
      );
      expect(calls.length).toBeGreaterThanOrEqual(5);
      expect(calls[0]).toMatchObject({
        meta: {
          principal: 'user:default/mock',
          principalType: 'user',
          endpoint: 'router.complete',
        },
        outcome: { ok: true, meta: { provider: 'template', status: 200 } },
      });
      expect(JSON.stringify(calls)).not.toContain(seedRequest.prompt);

      // The workflow role relays the same ledger from the router role.
      const seen = await request(workflowRole.server)
        .get(`${api}/v1/usage?groupBy=user`)
        .set('Authorization', user);
      expect(seen.body.rows).toEqual(usage.body.rows);

      // One trace: the REST call, the workflow start (client interceptor), the
      // workflow and its activities (worker interceptors), the call to the
      // router role and the router's own span there.
      await tracing.forceFlush();
      const trail = spans
        .getFinishedSpans()
        .filter(span => span.spanContext().traceId === traceId);
      const names = new Set(trail.map(span => span.name));
      expect([...names]).toEqual(
        expect.arrayContaining([
          'POST /v1/workflows/generate-extended',
          'StartWorkflow:generateExtended',
          'RunWorkflow:generateExtended',
          'RunActivity:planProject',
          'RunActivity:generateCode',
          'POST /v1/router/complete',
          'llm.complete',
        ]),
      );
      const routed = trail.filter(span => span.name === 'llm.complete');
      expect(routed[0].attributes).toMatchObject({
        'quantumlayer.caller': 'user:default/mock',
        'quantumlayer.workflow_id': id,
        'llm.provider': 'template',
      });
    });

    it('serves each role only its own routes', async () => {
      const chat = await request(workflowRole.server)
        .post(`${api}/v1/chat/completions`)
        .set('Authorization', user)
        .send({ model: 'default', messages: [{ role: 'user', content: 'x' }] });
      expect(chat.status).toBe(404);
      const runs = await request(routerRole.server)
        .get(`${api}/v1/workflows`)
        .set('Authorization', user);
      expect(runs.status).toBe(404);
      const models = await request(routerRole.server)
        .get(`${routerApi}/v1/models`)
        .set('Authorization', user);
      expect(models.status).toBe(200);
      expect(models.body.data.map((m: { id: string }) => m.id)).toContain(
        'default',
      );
      const noModels = await request(workflowRole.server)
        .get(`${api}/v1/models`)
        .set('Authorization', user);
      expect(noModels.status).toBe(404);
    });

    it('reports the remote router in the workflow role health, and refuses users on the router endpoints', async () => {
      const health = await request(workflowRole.server)
        .get(`${api}/health/details`)
        .set('Authorization', user);
      const check = health.body.checks.find(
        (c: { name: string }) => c.name === 'llmRouter',
      );
      expect(check).toMatchObject({ status: 'ok' });
      expect(check.message).toContain('all circuits closed');
      const providers = await request(routerRole.server)
        .get(`${routerApi}/v1/router/providers`)
        .set('Authorization', user);
      expect(providers.body.providers.map((p: { id: string }) => p.id)).toEqual(
        expect.arrayContaining(['template']),
      );
      const direct = await request(routerRole.server)
        .post(`${routerApi}/v1/router/complete`)
        .set('Authorization', user)
        .send({ request: { model: 'default', messages: [] } });
      expect(direct.status).toBe(403);
      const bad = await request(routerRole.server)
        .post(`${routerApi}/v1/router/complete`)
        .set('Authorization', mockCredentials.service.header())
        .send({ request: { model: 'default', messages: [] } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('request.messages');
    });
  },
);
