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
 * throws from the iteration. Each read is searched once, with the last three
 * characters before it (a blank line is at most four), and an event's reads
 * are joined once: linear in the body. Splitting the whole pending text at
 * every read was quadratic in an event's size (a 4 MB event in 1 KB reads
 * held the event loop 13.6 s).
 */
export async function* sseEvents(body: Readable): AsyncGenerator<SseEvent> {
  body.setEncoding('utf8');
  /** The event being read, but for its last `carry.length` characters. */
  let pieces: string[] = [];
  let carry = '';
  // An early stop (the reader's `[DONE]`) leaves the body to the reader,
  // who drains it so its keep-alive socket can serve the next request.
  for await (const text of body.iterator({ destroyOnReturn: false })) {
    const window = carry + text;
    const blankLine = /\r?\n\r?\n/g;
    let from = 0;
    for (let m = blankLine.exec(window); m; m = blankLine.exec(window)) {
      pieces.push(window.slice(from, m.index));
      const parsed = parseEvent(pieces.join(''));
      pieces = [];
      from = m.index + m[0].length;
      if (parsed) yield parsed;
    }
    const keep = Math.max(from, window.length - 3);
    pieces.push(window.slice(from, keep));
    carry = window.slice(keep);
  }
  pieces.push(carry);
  const last = parseEvent(pieces.join(''));
  if (last) yield last;
}
