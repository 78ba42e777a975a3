import { randomUUID } from 'crypto';
import { ConfigReader } from '@backstage/config';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { EXAMPLE_GENERATE_REQUEST as seedRequest } from '@internal/backstage-plugin-quantumlayer-common';
import { realActivities } from '../src/__testUtils__/activities';
import { createTemporalEnv } from '../src/__testUtils__/temporal';
import {
  createLlmRouter,
  LlmRouterRuntime,
} from '../src/llm/create-llm-router';
import type { generateExtended } from '../src/workflows/workflows';
import {
  artifactsByWorkflow,
  migrate,
  ownDatabase,
  parsePgUrl,
  pgKnex,
  SHARED_PG,
} from './support/databases';
import { recordNumbers } from './support/fault-table';
import {
  FaultOpenAiServer,
  startFaultOpenAiServer,
} from './support/fault-openai-server';
import { ms, runLoad } from './support/load';
import { collectingLogger } from './support/services';
import { workflowBundleFile } from './support/workflow-bundle';

jest.setTimeout(240_000);

const WORKFLOW_STARTS = Number(process.env.QL_FAULTS_WORKFLOWS ?? 40);
const WORKFLOW_CONCURRENCY = 8;
const ROUTER_CALLS = Number(process.env.QL_FAULTS_ROUTER_CALLS ?? 400);
const ROUTER_CONCURRENCY = 16;

describe('bounded load on loopback (healthy path)', () => {
  (SHARED_PG ? describe : describe.skip)('workflows', () => {
    it(`${WORKFLOW_STARTS} generate-extended runs at concurrency ${WORKFLOW_CONCURRENCY}: p99 and error rate, one artifact each`, async () => {
      const db = await ownDatabase(parsePgUrl(SHARED_PG!), 'load');
      let knex: Knex | undefined;
      let env: TestWorkflowEnvironment | undefined;
      try {
        knex = await migrate(pgKnex(db.connection));
        const [temporal, bundle] = await Promise.all([
          createTemporalEnv(),
          workflowBundleFile(),
        ]);
        env = temporal;
        const { activities } = await realActivities(knex);
        const taskQueue = `faults-load-${randomUUID()}`;
        const worker = await Worker.create({
          connection: temporal.nativeConnection,
          taskQueue,
          workflowBundle: { codePath: bundle },
          activities,
        });
        const ids = Array.from(
          { length: WORKFLOW_STARTS },
          (_, i) => `wf-load-${i}-${randomUUID()}`,
        );
        const load = await worker.runUntil(
          runLoad(WORKFLOW_STARTS, WORKFLOW_CONCURRENCY, async i => {
            const result = await temporal.client.workflow.execute<
              typeof generateExtended
            >('generateExtended', {
              taskQueue,
              workflowId: ids[i],
              args: [
                {
                  request: {
                    ...seedRequest,
                    requirements: { project_name: `Load${i}` },
                  },
                  options: { maxRepairAttempts: 0 },
                },
              ],
            });
            if (!result.testsPassed)
              throw new Error(`${ids[i]}: tests did not pass`);
            return result;
          }),
        );
        const artifacts = await artifactsByWorkflow(knex, ids);
        recordNumbers({
          runs: `${WORKFLOW_STARTS} @${WORKFLOW_CONCURRENCY}`,
          'start→completed p50': ms(load.p50),
          p99: ms(load.p99),
          'error rate': load.errorRate,
          'runs/s': ((WORKFLOW_STARTS * 1000) / load.wallMs).toFixed(2),
          artifacts: [...artifacts.values()].reduce((a, b) => a + b, 0),
        });

        expect(
          load.results
            .filter(r => !r.ok)
            .map(r => (r as { error: Error }).error.message),
        ).toEqual([]);
        expect(load.errorRate).toBe(0);
        expect(ids.map(id => artifacts.get(id))).toEqual(ids.map(() => 1));
      } finally {
        await env?.teardown();
        await knex?.destroy();
        await db.drop();
      }
    });
  });

  it(`${ROUTER_CALLS} router calls at concurrency ${ROUTER_CONCURRENCY} over the OpenAI wire: p99 and error rate`, async () => {
    let model: FaultOpenAiServer | undefined;
    let runtime: LlmRouterRuntime | undefined;
    try {
      model = await startFaultOpenAiServer(req => ({
        kind: 'ok',
        content: `answer ${req.seq}`,
      }));
      runtime = createLlmRouter({
        config: new ConfigReader({
          quantumlayer: {
            llm: {
              providers: [
                {
                  type: 'openai-compatible',
                  id: 'faults-model',
                  baseUrl: model.baseUrl,
                  models: ['m1'],
                },
              ],
            },
            router: { cache: { enabled: false } },
          },
        }),
        logger: collectingLogger().logger,
      });
      const router = runtime.router;
      const load = await runLoad(ROUTER_CALLS, ROUTER_CONCURRENCY, i =>
        router.complete({
          model: 'default',
          messages: [{ role: 'user', content: `load call ${i}` }],
          maxTokens: 32,
        }),
      );
      recordNumbers({
        calls: `${ROUTER_CALLS} @${ROUTER_CONCURRENCY}`,
        p50: ms(load.p50),
        p99: ms(load.p99),
        'error rate': load.errorRate,
        'calls/s': ((ROUTER_CALLS * 1000) / load.wallMs).toFixed(0),
        'vendor requests': model.requests.length,
      });

      expect(load.errorRate).toBe(0);
      expect(model.requests.length).toBe(ROUTER_CALLS);
      const texts = new Set(load.results.map(r => (r.ok ? r.value.text : '')));
      expect(texts.size).toBe(ROUTER_CALLS);
    } finally {
      await runtime?.stop();
      await model?.close();
    }
  });
});
