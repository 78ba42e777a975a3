import http from 'http';
import type { AddressInfo } from 'net';

export interface DelayingProxy {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  url: string;
  /** Milliseconds each request waits before it is forwarded; change it at any time. */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that forwards every request to `target`
 * (a loopback server) after `delayMs`, so an upstream can be made slow on
 * the wire while the loopback server behind it still records what it got.
 */
export async function startDelayingProxy(
  target: string,
  delayMs = 0,
): Promise<DelayingProxy> {
  const agent = new http.Agent({ keepAlive: true });
  const timers = new Set<NodeJS.Timeout>();
  let currentDelayMs = delayMs;
  const server = http.createServer((req, res) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const upstream = http.request(
        `${target}${req.url}`,
        { method: req.method, headers: req.headers, agent },
        reply => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      upstream.on('error', () => res.socket?.destroy());
      req.pipe(upstream);
    }, currentDelayMs);
    timers.add(timer);
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get delayMs() {
      return currentDelayMs;
    },
    set delayMs(ms: number) {
      currentDelayMs = ms;
    },
    close: () =>
      new Promise(resolve => {
        timers.forEach(clearTimeout);
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
