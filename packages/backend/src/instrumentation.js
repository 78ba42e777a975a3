// Loaded with `node --require` before the backend (see the start script and
// the Dockerfile): registers the global OpenTelemetry MeterProvider before
// any plugin creates a meter, and serves what it collects for Prometheus at
// http://127.0.0.1:9464/metrics (Backstage's documented metrics setup); and,
// when an OTLP endpoint is set, the global TracerProvider with the HTTP
// instrumentation, so REST calls, workflows (Temporal's interceptors),
// activities and router calls form one trace in Jaeger.
//
// QL_METRICS=off     registers nothing: every meter stays a no-op
// QL_METRICS_PORT    the port (default 9464)
// QL_METRICS_HOST    the address to listen on (default 127.0.0.1; a pod
//                    scraped from outside sets 0.0.0.0)
// OTEL_EXPORTER_OTLP_ENDPOINT   e.g. http://otel-collector:4318; traces go
//                    there by OTLP/HTTP (unset: no tracer is registered)
// OTEL_EXPORTER_OTLP_PROTOCOL   http/protobuf (default) or http/json
// OTEL_SERVICE_NAME  the service in Jaeger (default quantumlayer-backend)
//
// The LLM gateway's own listener and its provider calls trace themselves
// (one server span with the few attributes that matter, then llm.complete):
// the listener's requests never reach the HTTP instrumentation (the plugin's
// tracing/self-traced.ts), and it skips agents marked with
// Symbol.for('quantumlayer.selfTraced'); its generic spans and attributes
// cost the gateway about a fifth of its throughput (yarn bench:router A/B).

// Worker threads load this file too; only the main thread serves metrics.
const { isMainThread } = require('node:worker_threads');

function startMetrics() {
  if ((process.env.QL_METRICS ?? '').toLowerCase() === 'off') return;
  const port = Number(process.env.QL_METRICS_PORT ?? 9464);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(
      `QL_METRICS_PORT "${process.env.QL_METRICS_PORT}" is not a port; use 1-65535, or QL_METRICS=off`,
    );
  }
  const host = process.env.QL_METRICS_HOST || '127.0.0.1';
  const { metrics } = require('@opentelemetry/api');
  const { MeterProvider } = require('@opentelemetry/sdk-metrics');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
  const exporter = new PrometheusExporter({ host, port }, error => {
    if (error) {
      // A taken port must not stop the portal: say so and run without.
      console.error(`Metrics: cannot listen on ${host}:${port}: ${error}`);
    } else {
      console.log(`Metrics: http://${host}:${port}/metrics`);
    }
  });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
}

function startTracing() {
  const endpoint =
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return;
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const { Resource } = require('@opentelemetry/resources');
  // OTLP/HTTP with protobuf bodies, the specification's default (the
  // collector takes both); OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL=http/json
  // picks JSON. Protobuf costs the gateway less CPU per span than JSON
  // (yarn bench:router A/B in plugins/quantumlayer-backend/README.md).
  const protocol =
    process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ||
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL ||
    'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    throw new Error(
      `OTEL_EXPORTER_OTLP_PROTOCOL "${protocol}" is not supported; use http/protobuf or http/json`,
    );
  }
  const { OTLPTraceExporter } = require(
    protocol === 'http/json'
      ? '@opentelemetry/exporter-trace-otlp-http'
      : '@opentelemetry/exporter-trace-otlp-proto',
  );
  const {
    registerInstrumentations,
  } = require('@opentelemetry/instrumentation');
  const {
    HttpInstrumentation,
  } = require('@opentelemetry/instrumentation-http');
  const provider = new NodeTracerProvider({
    resource: new Resource({
      'service.name': process.env.OTEL_SERVICE_NAME || 'quantumlayer-backend',
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // W3C trace context, propagated on every instrumented request.
  provider.register();
  const selfTraced = Symbol.for('quantumlayer.selfTraced');
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would drown the traces that matter.
        ignoreIncomingRequestHook: req =>
          /\/(health|ready|metrics)$/.test((req.url || '').split('?')[0]),
        ignoreOutgoingRequestHook: options =>
          Boolean(options && options.agent && options.agent[selfTraced]),
      }),
    ],
  });
  process.once('beforeExit', () => provider.shutdown().catch(() => {}));
  console.log(`Tracing: OTLP (${protocol}) to ${endpoint}`);
}

if (isMainThread) {
  startMetrics();
  startTracing();
}
