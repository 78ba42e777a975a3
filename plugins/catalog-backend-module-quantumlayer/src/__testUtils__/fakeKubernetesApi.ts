// An IMITATION of the Kubernetes API: fixed DeploymentLists over loopback HTTP.
// KubernetesDeploymentReader.real-kube.test.ts reads the applied production
// overlay from a real kube-apiserver; this stays for the module-wiring tests,
// which need fixture Deployments with chosen names and no server start-up,
// and for a refused connection (refusedPort).
import { createServer, IncomingHttpHeaders, Server } from 'http';
import type { AddressInfo } from 'net';

/** A request the fake API server answered. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

/**
 * A Kubernetes API server on 127.0.0.1 answering
 * `GET /apis/apps/v1/namespaces/<ns>/deployments` with the given
 * DeploymentList per namespace (an empty list for others), 404 elsewhere.
 */
export async function startFakeKubernetesApi(
  lists: Record<string, unknown>,
): Promise<{
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    });
    const match = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments$/.exec(
      url.pathname,
    );
    res.setHeader('Content-Type', 'application/json');
    if (req.method !== 'GET' || !match) {
      res.statusCode = 404;
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'NotFound',
          code: 404,
        }),
      );
      return;
    }
    res.end(
      JSON.stringify(
        lists[match[1]] ?? {
          apiVersion: 'apps/v1',
          kind: 'DeploymentList',
          metadata: { resourceVersion: '1' },
          items: [],
        },
      ),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}

/** A port on 127.0.0.1 that refuses connections (it was free a moment ago). */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}
