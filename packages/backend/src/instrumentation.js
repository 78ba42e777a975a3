// Loaded with `node --require` before the backend (see the start script and
// the Dockerfile): registers the global OpenTelemetry MeterProvider before
// any plugin creates a meter, and serves what it collects for Prometheus at
// http://127.0.0.1:9464/metrics (Backstage's documented metrics setup).
//
// QL_METRICS=off     registers nothing: every meter stays a no-op
// QL_METRICS_PORT    the port (default 9464)
// QL_METRICS_HOST    the address to listen on (default 127.0.0.1; a pod
//                    scraped from outside sets 0.0.0.0)

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

if (isMainThread) startMetrics();
