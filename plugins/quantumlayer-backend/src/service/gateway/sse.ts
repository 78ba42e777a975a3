import type { ServerResponse } from 'http';

/**
 * Starts a server-sent-events answer: headers out at once, no compression
 * (`no-transform`), no proxy buffering, Nagle off, so each event leaves
 * when it is written.
 */
export function openSse(res: ServerResponse, headers: Record<string, string>) {
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
}

/** Writes one event; `data` objects are JSON-encoded. */
export function writeEvent(res: ServerResponse, data: object | string, event?: string) {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  res.write(event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`);
  // Set by compression middleware when present; harmless otherwise.
  (res as ServerResponse & { flush?: () => void }).flush?.();
}
