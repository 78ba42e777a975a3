import { ConfigReader } from '@backstage/config';
import {
  SUPPORTED_TYPES,
  templateTaskMetadata,
} from '@internal/backstage-plugin-quantumlayer-common';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  LlmProvider,
  LlmProviderError,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { freePort } from '@internal/quantumlayer-test-utils';
import {
  HealthMonitor,
  observeMetricSources,
  recordWorkflowCompletion,
  recordWorkflowStart,
} from '@internal/backstage-plugin-quantumlayer-node';
import { MemoryBreaker } from './breaker/memory-breaker';
import { MemoryResponseCache } from './cache/response-cache';
import { LlmRouter } from './llm-router';
import { ModelRoutes } from './model-routes';
import { PriceTable } from './prices';

/** Always answers 503: its circuit opens after one call. */
const unavailable: LlmProvider = {
  id: 'down',
  models: ['m1'],
  async complete() {
    throw new LlmProviderError({
      provider: 'down',
      message: 'upstream overloaded',
      status: 503,
      retryable: true,
    });
  },
};

/** Answers every request with the same short text. */
const answering: LlmProvider = {
  id: 'answering',
  models: ['a1'],
  async complete(request) {
    const text = 'def plan(): pass';
    return {
      text,
      provider: 'answering',
      model: 'a1',
      usage: {
        promptTokens: request.messages.map(m => m.content).join('').length,
        completionTokens: text.length,
      },
      finishReason: 'stop',
    };
  },
};

function createRouter() {
  const providers = [answering, unavailable];
  const config = new ConfigReader({
    quantumlayer: {
      router: {
        models: [
          {
            alias: 'smart',
            targets: [{ provider: 'answering', model: 'a1' }],
          },
          { alias: 'flaky', targets: [{ provider: 'down', model: 'm1' }] },
        ],
        prices: [
          {
            provider: 'answering',
            model: 'a1',
            input: 1_000,
            output: 2_000,
          },
        ],
      },
    },
  });
  return new LlmRouter({
    providers,
    routes: ModelRoutes.fromConfig(config, providers),
    prices: PriceTable.fromConfig(config),
    retry: { maxRetries: 0, baseDelayMs: 1, deadlineMs: 5_000 },
    breaker: new MemoryBreaker({
      windowMs: 60_000,
      minimumCalls: 1,
      failureRate: 0.5,
      cooldownMs: 60_000,
    }),
    cache: new MemoryResponseCache(60),
  });
}

const secret = 'my private prompt with sk-test-key-123';
const planRequest = {
  model: 'smart',
  messages: [{ role: 'user' as const, content: secret }],
  metadata: templateTaskMetadata({
    kind: 'plan' as const,
    language: 'python',
    type: SUPPORTED_TYPES[0],
    projectName: 'demo',
    prompt: secret,
  }),
};

/** Prometheus samples as `name{labels} value`, labels sorted by name. */
function samples(text: string) {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = (m[2] ?? '')
      .split(/,(?=[a-z_]+=")/)
      .filter(l => l && !l.startsWith('otel_scope'))
      .sort()
      .join(',');
    found.set(`${m[1]}{${labels}}`, Number(m[3]));
  }
  return found;
}

/** `name{b="2",a="1"}` with its labels sorted, as `samples` keys them. */
function key(series: string) {
  const [, name, labels] = /^([a-z_]+)\{(.*)\}$/.exec(series)!;
  return `${name}{${labels
    .split(/,(?=[a-z_]+=")/)
    .filter(Boolean)
    .sort()
    .join(',')}}`;
}

describe('QuantumLayer metrics over the Prometheus exporter', () => {
  let exporter: PrometheusExporter;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    exporter = new PrometheusExporter({
      host: '127.0.0.1',
      port,
      preventServerStart: true,
    });
    await exporter.startServer();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
    url = `http://127.0.0.1:${port}/metrics`;
  });

  afterAll(async () => {
    await exporter.shutdown();
    metrics.disable();
  });

  it('serves router, breaker, workflow and health series at /metrics', async () => {
    const router = createRouter();
    const health = new HealthMonitor([
      {
        name: 'database',
        critical: true,
        check: async () => ({ status: 'ok' }),
      },
      { name: 'redis', check: async () => ({ status: 'degraded' }) },
      { name: 'temporal', check: async () => ({ status: 'down' }) },
    ]);
    const unobserve = observeMetricSources({
      breakers: () => router.circuits(),
      health: async () => (await health.details()).checks,
    });
    try {
      const first = await router.complete(planRequest);
      await router.complete(planRequest); // answered from the cache
      await expect(
        router.complete({ ...planRequest, model: 'flaky' }),
      ).rejects.toThrow();
      recordWorkflowStart();
      recordWorkflowCompletion('completed', [
        { stage: 'plan_project', status: 'completed', durationMs: 1500 },
        { stage: 'run_tests', status: 'skipped' },
      ]);
      recordWorkflowStart();
      recordWorkflowCompletion('failed');

      const response = await fetch(url);
      expect(response.status).toBe(200);
      const text = await response.text();
      const got = samples(text);
      if (process.env.QL_PRINT_METRICS) process.stdout.write(text);
      const template = 'alias="smart",model="a1",provider="answering"';

      expect(
        got.get(
          key(`quantumlayer_router_requests_total{${template},outcome="ok"}`),
        ),
      ).toBe(1);
      expect(
        got.get(
          key(
            `quantumlayer_router_requests_total{${template},outcome="cached"}`,
          ),
        ),
      ).toBe(1);
      expect(
        got.get(
          key(
            'quantumlayer_router_requests_total{alias="flaky",model="none",outcome="error",provider="none"}',
          ),
        ),
      ).toBe(1);
      expect(
        got.get(key(`quantumlayer_router_cache_hits_total{${template}}`)),
      ).toBe(1);
      const { promptTokens, completionTokens } = first.usage;
      expect(
        got.get(
          key(`quantumlayer_router_tokens_total{${template},kind="prompt"}`),
        ),
      ).toBe(promptTokens);
      expect(
        got.get(
          key(
            `quantumlayer_router_tokens_total{${template},kind="completion"}`,
          ),
        ),
      ).toBe(completionTokens);
      expect(
        got.get(key(`quantumlayer_router_cost_usd_total{${template}}`)),
      ).toBeCloseTo(first.route.costUsd, 9);
      expect(first.route.costUsd).toBeGreaterThan(0);
      expect(
        got.get(
          key(
            `quantumlayer_router_request_duration_seconds_count{${template},outcome="ok"}`,
          ),
        ),
      ).toBe(1);
      expect(text).toContain(
        '# TYPE quantumlayer_router_request_duration_seconds histogram',
      );

      expect(
        got.get(
          key(
            'quantumlayer_router_breaker_state{model="a1",provider="answering"}',
          ),
        ),
      ).toBe(0);
      expect(
        got.get(
          key('quantumlayer_router_breaker_state{model="m1",provider="down"}'),
        ),
      ).toBe(2);

      expect(got.get(key('quantumlayer_workflow_starts_total{}'))).toBe(2);
      expect(
        got.get(
          key('quantumlayer_workflow_completions_total{outcome="completed"}'),
        ),
      ).toBe(1);
      expect(
        got.get(
          key('quantumlayer_workflow_completions_total{outcome="failed"}'),
        ),
      ).toBe(1);
      expect(
        got.get(
          key(
            'quantumlayer_workflow_stage_duration_seconds_sum{stage="plan_project",status="completed"}',
          ),
        ),
      ).toBe(1.5);
      expect(text).not.toContain('stage="run_tests"');

      expect(
        got.get(
          key(
            'quantumlayer_health_check_status{check="database",critical="true"}',
          ),
        ),
      ).toBe(1);
      expect(
        got.get(
          key(
            'quantumlayer_health_check_status{check="redis",critical="false"}',
          ),
        ),
      ).toBe(0.5);
      expect(
        got.get(
          key(
            'quantumlayer_health_check_status{check="temporal",critical="false"}',
          ),
        ),
      ).toBe(0);

      // Attributes carry configured names only, never user text or keys.
      expect(text).not.toContain('private prompt');
      expect(text).not.toContain('sk-test');
    } finally {
      unobserve();
    }
  });
});
