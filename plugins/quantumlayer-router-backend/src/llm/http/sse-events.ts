import { createParser } from 'eventsource-parser';
import type { Readable } from 'stream';

/** One server-sent event: its `event:` name (if any) and its joined `data:` lines. */
export interface SseEvent {
  event?: string;
  data: string;
}

/**
 * The events of a `text/event-stream` body as they arrive, parsed by
 * `eventsource-parser` (the WHATWG rules: `\r\n`, `\n` or `\r` end a line,
 * comments and id/retry fields are not events). An event the body ends
 * without a blank line after still counts, as model servers send `[DONE]`
 * so. A body that fails mid-way throws from the iteration. Linear in the
 * body, however the reads split it (sse-events.adversarial.test.ts).
 */
export async function* sseEvents(body: Readable): AsyncGenerator<SseEvent> {
  // Bytes are decoded here, not by setEncoding (undici's bodies ignore it);
  // a character split across reads is joined.
  const decoder = new TextDecoder();
  let ready: SseEvent[] = [];
  const parser = createParser({
    onEvent: ({ event, data }) => ready.push({ event, data }),
  });
  // An early stop (the reader's `[DONE]`) leaves the body to the reader,
  // who drains it so its keep-alive socket can serve the next request.
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    parser.feed(
      typeof chunk === 'string'
        ? chunk
        : decoder.decode(chunk, { stream: true }),
    );
    if (!ready.length) continue;
    const events = ready;
    ready = [];
    yield* events;
  }
  parser.feed(`${decoder.decode()}\n\n`);
  yield* ready;
}
