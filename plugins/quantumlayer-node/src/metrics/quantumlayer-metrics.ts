import { CallSums } from './call-sums';
import {
  metrics,
  type Counter,
  type ObservableCounter,
  type Histogram,
  type Meter,
  type MeterProvider,
  type ObservableGauge,
} from '@opentelemetry/api';

/** The meter every QuantumLayer instrument belongs to. @public */
export const QUANTUMLAYER_METER = 'quantumlayer';

/** `quantumlayer_router_breaker_state`: 0 closed, 1 half-open, 2 open. @public */
export const BREAKER_STATE_VALUE = {
  closed: 0,
  'half-open': 1,
  open: 2,
} as const;

/** `quantumlayer_health_check_status`: 1 ok, 0.5 degraded, 0 down. @public */
export const HEALTH_STATUS_VALUE = { ok: 1, degraded: 0.5, down: 0 } as const;

/** One routed target's circuit, as the breaker gauge reports it. @public */
export interface BreakerReading {
  provider: string;
  model: string;
  state: keyof typeof BREAKER_STATE_VALUE;
}

/** One health check's latest status, as the health gauge reports it. @public */
export interface HealthReading {
  name: string;
  status: keyof typeof HEALTH_STATUS_VALUE;
  critical: boolean;
}

/** What the observable gauges read at collection time (a scrape). @public */
export interface MetricSources {
  breakers?: () => Promise<BreakerReading[]>;
  health?: () => Promise<HealthReading[]>;
}

interface Instruments {
  routerRequests: CallSums;
  routerDuration: Histogram;
  routerTokens: CallSums;
  routerCost: CallSums;
  routerCacheHits: CallSums;
  breakerState: ObservableGauge;
  workflowStarts: Counter;
  workflowCompletions: Counter;
  stageDuration: Histogram;
  healthStatus: ObservableGauge;
}

const sources = new Set<MetricSources>();

/**
 * Instruments per global MeterProvider: the API hands out no-op meters until
 * a provider is registered (the backend's instrumentation file does that
 * before any plugin loads), so instruments are created on first use under
 * the provider registered then, never cached across providers.
 */
const byProvider = new WeakMap<MeterProvider, Instruments>();

/** A CallSums that an observable counter named `name` reports. */
function observedSums(
  meter: Meter,
  name: string,
  options: Parameters<Meter['createObservableCounter']>[1],
): CallSums {
  const sums = new CallSums();
  const counter: ObservableCounter = meter.createObservableCounter(
    name,
    options,
  );
  counter.addCallback(result => sums.observe(result));
  return sums;
}

function createInstruments(): Instruments {
  const meter = metrics.getMeter(QUANTUMLAYER_METER);
  const durationBuckets = [
    0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
  ];
  const created: Instruments = {
    routerRequests: observedSums(meter, 'quantumlayer_router_requests_total', {
      description:
        'LLM router calls by alias, provider, model and outcome (ok, cached, error)',
      unit: '{request}',
    }),
    routerDuration: meter.createHistogram(
      'quantumlayer_router_request_duration_seconds',
      {
        description: 'LLM router call latency, retries and fallback included',
        unit: 's',
        advice: { explicitBucketBoundaries: durationBuckets },
      },
    ),
    routerTokens: observedSums(meter, 'quantumlayer_router_tokens_total', {
      description:
        'Tokens settled by the LLM router, by kind (prompt, completion)',
      unit: '{token}',
    }),
    routerCost: observedSums(meter, 'quantumlayer_router_cost_usd_total', {
      description: 'Cost settled by the LLM router, in US dollars',
      unit: 'USD',
    }),
    routerCacheHits: observedSums(
      meter,
      'quantumlayer_router_cache_hits_total',
      {
        description: 'LLM router calls answered from the response cache',
        unit: '{request}',
      },
    ),
    breakerState: meter.createObservableGauge(
      'quantumlayer_router_breaker_state',
      {
        description:
          'Circuit breaker state per routed target: 0 closed, 1 half-open, 2 open',
      },
    ),
    workflowStarts: meter.createCounter('quantumlayer_workflow_starts_total', {
      description:
        'generate-extended runs started, counted once by the worker that ran their first task',
      unit: '{run}',
    }),
    workflowCompletions: meter.createCounter(
      'quantumlayer_workflow_completions_total',
      {
        description:
          'generate-extended runs closed, by outcome (completed, failed, cancelled), counted once by the worker that closed them',
        unit: '{run}',
      },
    ),
    stageDuration: meter.createHistogram(
      'quantumlayer_workflow_stage_duration_seconds',
      {
        description:
          'Duration of each stage of completed generate-extended runs',
        unit: 's',
        advice: { explicitBucketBoundaries: durationBuckets },
      },
    ),
    healthStatus: meter.createObservableGauge(
      'quantumlayer_health_check_status',
      {
        description: 'Health check result: 1 ok, 0.5 degraded, 0 down',
      },
    ),
  };
  created.breakerState.addCallback(async result => {
    for (const source of sources) {
      const readings = await source.breakers?.().catch(() => []);
      for (const r of readings ?? []) {
        result.observe(BREAKER_STATE_VALUE[r.state], {
          provider: r.provider,
          model: r.model,
        });
      }
    }
  });
  created.healthStatus.addCallback(async result => {
    for (const source of sources) {
      const readings = await source.health?.().catch(() => []);
      for (const r of readings ?? []) {
        result.observe(HEALTH_STATUS_VALUE[r.status], {
          check: r.name,
          critical: r.critical,
        });
      }
    }
  });
  return created;
}

function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  let found = byProvider.get(provider);
  if (!found) {
    found = createInstruments();
    byProvider.set(provider, found);
  }
  return found;
}

/**
 * Lets the observable gauges read `source` at each collection; the answer
 * removes it again (at plugin shutdown). Creates the instruments, so a
 * scrape shows the gauges before the first routed call.
 *
 * @public
 */
export function observeMetricSources(source: MetricSources): () => void {
  instruments();
  sources.add(source);
  return () => {
    sources.delete(source);
  };
}

/**
 * One settled router call. Attributes are configured names only (alias,
 * provider id, model id, outcome): never prompts, keys or caller text.
 *
 * @public
 */
export function recordRouterCall(call: {
  alias: string;
  provider: string;
  model: string;
  outcome: 'ok' | 'cached' | 'error';
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}) {
  const m = instruments();
  const provider = call.provider || 'none';
  const model = call.model || 'none';
  const base = () => ({ alias: call.alias, provider, model });
  const key = `${call.alias}\n${provider}\n${model}`;
  const withOutcome = () => ({ ...base(), outcome: call.outcome });
  m.routerRequests.add(`${key}\n${call.outcome}`, withOutcome, 1);
  m.routerDuration.record(call.latencyMs / 1000, withOutcome());
  if (call.promptTokens > 0) {
    m.routerTokens.add(
      `${key}\nprompt`,
      () => ({ ...base(), kind: 'prompt' }),
      call.promptTokens,
    );
  }
  if (call.completionTokens > 0) {
    m.routerTokens.add(
      `${key}\ncompletion`,
      () => ({ ...base(), kind: 'completion' }),
      call.completionTokens,
    );
  }
  if (call.costUsd > 0) m.routerCost.add(key, base, call.costUsd);
  if (call.outcome === 'cached') m.routerCacheHits.add(key, base, 1);
}

/** A run's first workflow task ran (the workflow metrics sink; never on replay). @public */
export function recordWorkflowStart() {
  instruments().workflowStarts.add(1);
}

/** A run closed (the workflow metrics sink); stages come from its result. @public */
export function recordWorkflowCompletion(
  outcome: 'completed' | 'failed' | 'cancelled',
  stages: { stage: string; status: string; durationMs?: number }[] = [],
) {
  const m = instruments();
  m.workflowCompletions.add(1, { outcome });
  for (const s of stages) {
    if (s.durationMs === undefined || s.status === 'skipped') continue;
    m.stageDuration.record(s.durationMs / 1000, {
      stage: s.stage,
      status: s.status,
    });
  }
}
