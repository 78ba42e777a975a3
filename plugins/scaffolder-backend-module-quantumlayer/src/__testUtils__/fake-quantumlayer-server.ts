import http from 'http';
import type { AddressInfo } from 'net';
import { mockServices } from '@backstage/backend-test-utils';
import { CODEGEN_STAGES } from '@internal/backstage-plugin-quantumlayer-common';
import { QuantumlayerApiClient } from '../client/QuantumlayerApiClient';

/**
 * A loopback HTTP server speaking the quantumlayer plugin's REST contract with
 * scripted answers, so the action's real HTTP client runs against it.
 */
export async function startScriptedServer(options: {
  files: Record<string, string>;
  /** Polls answered `running` before the run completes; -1: never completes. */
  runningPolls?: number;
  /** The offline template provider answered the run (default: a model did). */
  offlineTemplate?: boolean;
  /** Hold a `running` answer for its `wait_ms`, as the backend's long-poll does. */
  holdLongPolls?: boolean;
}) {
  const offline = options.offlineTemplate ?? false;
  const calls: {
    method: string;
    path: string;
    /** The query string's parameters. */
    query: Record<string, string>;
    headers: http.IncomingHttpHeaders;
    body: string;
  }[] = [];
  let polls = 0;
  const stages = CODEGEN_STAGES.map(stage => ({
    stage,
    status: 'completed',
    durationMs: 1,
  }));
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://fake');
      const path = decodeURIComponent(
        url.pathname.replace(/^\/api\/quantumlayer/, ''),
      );
      calls.push({
        method: req.method!,
        path,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
      });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'POST' && path === '/v1/workflows/generate-extended') {
        return json(202, {
          workflow_id: `ql-${req.headers['idempotency-key']}`,
          run_id: 'run-1',
        });
      }
      if (req.method === 'POST' && path.endsWith('/cancel')) {
        return json(202, { cancel_requested: true });
      }
      const wf = /^\/v1\/workflows\/([^/]+)$/.exec(path);
      if (wf) {
        polls++;
        const running =
          options.runningPolls === -1 || polls <= (options.runningPolls ?? 1);
        const hold =
          running && options.holdLongPolls
            ? Number(url.searchParams.get('wait_ms'))
            : 0;
        return void setTimeout(
          () =>
            json(200, {
              workflow_id: wf[1],
              run_id: 'run-1',
              status: running ? 'running' : 'completed',
              current_stage: running ? 'plan' : 'done',
              progress: {
                currentStage: running ? 'plan' : 'done',
                stages,
                repairAttempts: 0,
              },
              result: running
                ? null
                : {
                    artifactId: 'art-1',
                    provider: offline ? 'template' : 'local',
                    model: 'm',
                    offlineTemplate: offline,
                    testsPassed: true,
                    testSummary: 'OK',
                    repairAttempts: 0,
                    reviewFindings: [],
                    files: [],
                    stages,
                    totalDurationMs: 5,
                  },
              error: null,
              temporal_ui_url: `http://ui.test/workflows/${wf[1]}`,
            }),
          hold,
        ).unref();
      }
      if (path === '/v1/artifacts/art-1') {
        return json(200, {
          id: 'art-1',
          workflow_id: 'x',
          total_size: 0,
          manifest: {
            provider: offline ? 'template' : 'local',
            offlineTemplate: offline,
            files: Object.entries(options.files).map(([p, c]) => ({
              path: p,
              size: c.length,
              sha256: '',
            })),
          },
        });
      }
      const file = /^\/v1\/artifacts\/art-1\/files\/(.+)$/.exec(path);
      if (file && options.files[file[1]] !== undefined) {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        return res.end(options.files[file[1]]);
      }
      return json(404, {
        error: { name: 'NotFoundError', message: `no ${path}` },
      });
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const baseUrl = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/quantumlayer`;
  const api = new QuantumlayerApiClient(
    {
      getBaseUrl: async () => baseUrl,
      getExternalBaseUrl: async () => baseUrl,
    },
    mockServices.auth(),
  );
  return {
    api,
    calls,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
