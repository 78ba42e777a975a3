// A loopback OTLP/HTTP receiver for `yarn bench:router`: the gateway's
// tracer exports its spans here (OTEL_EXPORTER_OTLP_ENDPOINT), as a
// production role exports to the OpenTelemetry collector, so the benchmark
// pays for span export. It answers every export with an empty success and
// counts what arrived, which the benchmark prints as proof that tracing ran.
import http from 'http';
import type { AddressInfo } from 'net';

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`, the OTLP/HTTP base (exporters add /v1/traces). */
  url: string;
  /** Export requests and body bytes received, per signal path. */
  received(): Record<string, { requests: number; bytes: number }>;
  stop(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const counts: Record<string, { requests: number; bytes: number }> = {};
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const entry = (counts[path] ??= { requests: 0, bytes: 0 });
    entry.requests++;
    req.on('data', (chunk: Buffer) => {
      entry.bytes += chunk.length;
    });
    req.on('end', () => {
      const json = (req.headers['content-type'] ?? '').includes('json');
      res.writeHead(200, {
        'content-type': json ? 'application/json' : 'application/x-protobuf',
      });
      // An empty Export*ServiceResponse: everything accepted.
      res.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => structuredClone(counts),
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
