import type { ServerResponse } from 'http';

/**
 * Starts a server-sent-events answer: no compression (`no-transform`), no
 * proxy buffering, Nagle off. It is called once the first part is in hand,
 * so the headers leave together with the first event.
 */
export function openSse(res: ServerResponse, headers: Record<string, string>) {
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.socket?.setNoDelay(true);
}

/**
 * Sends the first batch of events at once and coalesces later events that
 * arrive in the same turn of the event loop into one write: an upstream that
 * sends many events in one packet costs one syscall here, not one per event,
 * and nothing waits longer than the current turn.
 */
export function coalescingWriter(res: ServerResponse) {
  let first = true;
  let corked = false;
  return (write: () => void) => {
    if (!first && !corked) {
      res.cork();
      corked = true;
      setImmediate(() => {
        corked = false;
        res.uncork();
      });
    }
    first = false;
    write();
  };
}

/** Writes one event; `data` objects are JSON-encoded. */
export function writeEvent(
  res: ServerResponse,
  data: object | string,
  event?: string,
) {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  res.write(
    event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`,
  );
  // Set by compression middleware when present; harmless otherwise.
  (res as ServerResponse & { flush?: () => void }).flush?.();
}
