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
    if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
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
    let end: RegExpExecArray | null;
    const boundary = /\r?\n\r?\n/g;
    let start = 0;
    while ((end = boundary.exec(buffer)) !== null) {
      const parsed = parseEvent(buffer.slice(start, end.index));
      start = end.index + end[0].length;
      if (parsed) yield parsed;
    }
    buffer = buffer.slice(start);
  }
  const last = parseEvent(buffer);
  if (last) yield last;
}
