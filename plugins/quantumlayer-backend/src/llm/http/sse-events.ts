import type { Readable } from 'stream';

/** One server-sent event: its `event:` name (if any) and its joined `data:` lines. */
export interface SseEvent {
  event?: string;
  data: string;
}

function parseEvent(block: string): SseEvent | undefined {
  let event: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith('data:'))
      data.push(line.slice(line[5] === ' ' ? 6 : 5));
    else if (line.startsWith('event:')) event = line.slice(6).trim();
  }
  return data.length ? { event, data: data.join('\n') } : undefined;
}

/**
 * The events of a `text/event-stream` body as they arrive (split at blank
 * lines; comments and id/retry fields ignored). A body that fails mid-way
 * throws from the iteration.
 */
export async function* sseEvents(body: Readable): AsyncGenerator<SseEvent> {
  body.setEncoding('utf8');
  let buffer = '';
  for await (const text of body) {
    buffer += text;
    const blocks = buffer.split(/\r?\n\r?\n/);
    // The last piece has no blank line after it yet: keep it for later.
    buffer = blocks.pop()!;
    for (const block of blocks) {
      const parsed = parseEvent(block);
      if (parsed) yield parsed;
    }
  }
  const last = parseEvent(buffer);
  if (last) yield last;
}
