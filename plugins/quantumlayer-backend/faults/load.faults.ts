import { randomUUID } from 'crypto';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import OpenAI from 'openai';
import { waitUntil } from '@internal/quantumlayer-test-utils';
import { TEST_REDIS_URL } from '../../quantumlayer-router-backend/src/__testUtils__/redis';
import { GroupDirectory } from '@internal/backstage-plugin-quantumlayer-node';
import { GatewayCallers } from '../../quantumlayer-router-backend/src/gateway/gateway-callers';
import { startGatewayServer } from '../../quantumlayer-router-backend/src/gateway/gateway-server';
import { realActivities } from '../src/__testUtils__/activities';
import type { LlmRouterRuntime } from '../../quantumlayer-router-backend/src/llm/create-llm-router';
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
import { collectingLogger } from './support/services';

jest.setTimeout(240_000);

const WORKFLOW_STARTS = Number(process.env.QL_FAULTS_WORKFLOWS ?? 40);
const WORKFLOW_CONCURRENCY = 8;
const ROUTER_CALLS = Number(process.env.QL_FAULTS_ROUTER_CALLS ?? 400);
const ROUTER_CONCURRENCY = 16;
/** The rate-limited principal's rpm in the gateway case; it sends a quarter of the calls. */
const LIMITED_RPM = 20;

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

  it(`${ROUTER_CALLS} gateway calls at concurrency ${ROUTER_CONCURRENCY} with the official openai client, a quarter from a principal limited to ${LIMITED_RPM} rpm in Redis: 429s with headers for it only`, async () => {
    let model: FaultOpenAiServer | undefined;
    let runtime: LlmRouterRuntime | undefined;
    let gateway: Awaited<ReturnType<typeof startGatewayServer>> | undefined;
    const prefix = `ql:faults:${randomUUID()}:`;
    try {
      model = await startFaultOpenAiServer(req => ({
        kind: 'ok',
        content: `answer ${req.seq}`,
      }));
      runtime = await faultsRouter({
        providers: [{ id: 'faults-model', baseUrl: model.baseUrl }],
        router: {
          redis: { url: TEST_REDIS_URL, keyPrefix: prefix },
          rateLimits: [{ owner: 'user:default/limited', rpm: LIMITED_RPM }],
        },
      });
      await waitUntil(() => runtime!.redis!.ready, 'the router to reach Redis');
      const { logger } = collectingLogger();
      const auth = mockServices.auth();
      const config = new ConfigReader({});
      gateway = await startGatewayServer(
        {
          router: runtime.router,
          logger,
          callers: new GatewayCallers({
            auth,
            permissions: mockServices.permissions(),
            groups: new GroupDirectory({ auth, logger }),
            config,
            logger,
          }),
        },
        { port: 0, host: '127.0.0.1', maxBodyBytes: 1024 * 1024 },
      );
      const client = (user: string) =>
        new OpenAI({
          apiKey: mockCredentials.user.token(user),
          baseURL: `http://127.0.0.1:${gateway!.port}/v1`,
          maxRetries: 0,
        });
      const limited = client('user:default/limited');
      const free = client('user:default/free');
      const isLimited = (i: number) => i % 4 === 0;
      const load = await runLoad(ROUTER_CALLS, ROUTER_CONCURRENCY, i =>
        (isLimited(i) ? limited : free).chat.completions
          .create({
            model: 'default',
            messages: [{ role: 'user', content: `gateway call ${i}` }],
            max_tokens: 32,
          })
          .withResponse(),
      );
      const ofLimited = load.results.filter(r => isLimited(r.i));
      const ofFree = load.results.filter(r => !isLimited(r.i));
      const refused = ofLimited.flatMap(r => (r.ok ? [] : [r.error]));
      const admitted = ofLimited.length - refused.length;
      recordNumbers({
        calls: `${ROUTER_CALLS} @${ROUTER_CONCURRENCY}`,
        p50: ms(load.p50),
        p99: ms(load.p99),
        'unlimited error rate':
          ofFree.filter(r => !r.ok).length / ofFree.length,
        [`limited (${LIMITED_RPM} rpm) answered / 429`]: `${admitted} / ${refused.length}`,
        'vendor requests': model.requests.length,
      });

      // Everyone else is unaffected.
      expect(ofFree.filter(r => !r.ok).map(r => String(r.error))).toEqual([]);
      // The limited principal gets its rpm (plus what refills while the load
      // runs), and 429s that tell the SDK when to come back.
      const refill = Math.ceil((load.wallMs / 60_000) * LIMITED_RPM);
      expect(admitted).toBeGreaterThanOrEqual(LIMITED_RPM);
      expect(admitted).toBeLessThanOrEqual(LIMITED_RPM + refill);
      expect(refused.length).toBe(ofLimited.length - admitted);
      for (const error of refused) {
        expect(error).toBeInstanceOf(OpenAI.RateLimitError);
        const e = error as InstanceType<typeof OpenAI.RateLimitError>;
        expect(e.error).toMatchObject({ type: 'rate_limit_exceeded' });
        expect(Number(e.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(e.headers.get('x-ratelimit-limit-requests')).toBe(
          String(LIMITED_RPM),
        );
        expect(e.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      }
      // A refused call never reaches the vendor.
      expect(model.requests.length).toBe(ofFree.length + admitted);
      const answered = ofLimited.find(r => r.ok);
      expect(
        answered?.ok &&
          answered.value.response.headers.get('x-ratelimit-limit-requests'),
      ).toBe(String(LIMITED_RPM));
    } finally {
      await gateway?.close();
      const redis = runtime?.redis;
      if (redis?.ready) {
        const keys = await redis.client.keys(`${prefix}*`);
        if (keys.length) await redis.client.del(...keys);
      }
      await runtime?.stop();
      await model?.close();
    }
  });
});
