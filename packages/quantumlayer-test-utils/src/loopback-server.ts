import http from 'http';
import type { AddressInfo } from 'net';

/** One request the loopback server received. */
export interface RecordedCall {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: any;
}

/** How the loopback server answers one request. */
export type LoopbackReply =
  | {
      type: 'json';
      status?: number;
      headers?: Record<string, string>;
      body: unknown;
    }
  | {
      /**
       * Server-sent events: the recorded body is split at blank lines and each
       * event is written separately. `cutAfter` destroys the socket after that
       * many events, as a dropped upstream would.
       */
      type: 'sse';
      status?: number;
      headers?: Record<string, string>;
      body: string;
      cutAfter?: number;
    }
  | {
      /** Binary or text chunks written one by one (e.g. AWS event-stream frames). */
      type: 'chunks';
      status?: number;
      headers?: Record<string, string>;
      chunks: Array<Buffer | string>;
      cutAfter?: number;
    }
  /** Resets the connection without answering. */
  | { type: 'reset' };

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  url: string;
  calls: RecordedCall[];
  /** Replies used in order; the last one repeats. */
  reply(...replies: LoopbackReply[]): void;
  close(): Promise<void>;
}

/** Splits a recorded SSE body into its events, each ending in a blank line. */
export function sseEvents(body: string): string[] {
  return body
    .replace(/\r\n/g, '\n')
    .split(/\n\n+/)
    .filter(event => event.trim() !== '')
    .map(event => `${event}\n\n`);
}

function writeChunks(
  res: http.ServerResponse,
  chunks: Array<Buffer | string>,
  cutAfter: number | undefined,
) {
  const limit = cutAfter ?? chunks.length;
  chunks.slice(0, limit).forEach(chunk => res.write(chunk));
  if (cutAfter !== undefined && cutAfter < chunks.length) {
    // Let the written events reach the client before the connection drops.
    setTimeout(() => res.socket?.destroy(), 20);
  } else {
    res.end();
  }
}

function answer(res: http.ServerResponse, reply: LoopbackReply) {
  switch (reply.type) {
    case 'reset':
      res.socket?.destroy();
      return;
    case 'json':
      res.writeHead(reply.status ?? 200, {
        'content-type': 'application/json',
        ...reply.headers,
      });
      res.end(JSON.stringify(reply.body));
      return;
    case 'sse':
      res.writeHead(reply.status ?? 200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        ...reply.headers,
      });
      writeChunks(res, sseEvents(reply.body), reply.cutAfter);
      return;
    case 'chunks':
      res.writeHead(reply.status ?? 200, reply.headers ?? {});
      writeChunks(res, reply.chunks, reply.cutAfter);
      return;
    default:
      throw new Error(`unknown reply ${JSON.stringify(reply)}`);
  }
}

/**
 * A real HTTP server on 127.0.0.1 that records each request and answers with
 * recorded vendor replies, so the official SDKs run their full code path.
 */
export async function startLoopbackServer(
  ...initial: LoopbackReply[]
): Promise<LoopbackServer> {
  const calls: RecordedCall[] = [];
  let replies = initial;
  let used = 0;
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', part => parts.push(part));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      calls.push({
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        body,
      });
      const reply = replies[Math.min(used++, replies.length - 1)];
      if (!reply) {
        res.writeHead(500).end('no reply recorded for this call');
        return;
      }
      answer(res, reply);
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    reply(...next) {
      replies = next;
      used = 0;
    },
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A fresh loopback server for each test of the enclosing `describe`, closed
 * after it. The returned object always speaks to the current test's server.
 */
export function useLoopbackServer(): LoopbackServer {
  let current: LoopbackServer | undefined;
  beforeEach(async () => {
    current = await startLoopbackServer();
  });
  afterEach(() => current?.close());
  const server = () => {
    if (!current) {
      throw new Error('the loopback server runs only inside a test');
    }
    return current;
  };
  return {
    get url() {
      return server().url;
    },
    get calls() {
      return server().calls;
    },
    reply: (...replies) => server().reply(...replies),
    close: () => server().close(),
  };
}
