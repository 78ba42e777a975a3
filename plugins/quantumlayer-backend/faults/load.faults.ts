import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { realActivities } from '../src/__testUtils__/activities';
import type { LlmRouterRuntime } from '../src/llm/create-llm-router';
import type { generateExtended } from '../src/workflows/workflows';
import {
  artifactsByWorkflow,
  caseDatabase,
  describeOnSharedPg,
} from './support/databases';
import { recordNumbers } from './support/fault-table';
import {
  FaultOpenAiServer,
  startFaultOpenAiServer,
} from './support/fault-openai-server';
import {
  bundledWorker,
  generateRun,
  runIds,
  temporalWithBundle,
} from './support/generate-runs';
import { ms, runLoad } from './support/load';
import { faultsRouter } from './support/router';

jest.setTimeout(240_000);

const WORKFLOW_STARTS = Number(process.env.QL_FAULTS_WORKFLOWS ?? 40);
const WORKFLOW_CONCURRENCY = 8;
const ROUTER_CALLS = Number(process.env.QL_FAULTS_ROUTER_CALLS ?? 400);
const ROUTER_CONCURRENCY = 16;

describe('bounded load on loopback (healthy path)', () => {
  describeOnSharedPg('workflows', () => {
    it(`${WORKFLOW_STARTS} generate-extended runs at concurrency ${WORKFLOW_CONCURRENCY}: p99 and error rate, one artifact each`, async () => {
      const db = await caseDatabase('load');
      let env: TestWorkflowEnvironment | undefined;
      try {
        const { env: temporal, bundle } = await temporalWithBundle();
        env = temporal;
        const { activities } = await realActivities(db.knex);
        const { worker, taskQueue } = await bundledWorker(
          temporal,
          bundle,
          'faults-load',
          activities,
        );
        const ids = runIds('wf-load', WORKFLOW_STARTS);
        const load = await worker.runUntil(
          runLoad(WORKFLOW_STARTS, WORKFLOW_CONCURRENCY, async i => {
            const result = await temporal.client.workflow.execute<
              typeof generateExtended
            >('generateExtended', generateRun(taskQueue, ids[i], `Load${i}`));
            if (!result.testsPassed)
              throw new Error(`${ids[i]}: tests did not pass`);
            return result;
          }),
        );
        const artifacts = await artifactsByWorkflow(db.knex, ids);
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
      runtime = await faultsRouter({
        providers: [{ id: 'faults-model', baseUrl: model.baseUrl }],
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
