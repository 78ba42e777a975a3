import { Readable } from 'stream';
import { sseEvents } from './sse-events';

async function all(chunks: string[]) {
  const events = [];
  for await (const event of sseEvents(Readable.from(chunks)))
    events.push(event);
  return events;
}

describe('sseEvents', () => {
  it('joins events split across reads and keeps event names', async () => {
    expect(
      await all([
        'data: {"a"',
        ':1}\n',
        '\nevent: error\r\ndata: {"error":{"message":"x"}}\r\n\r\n: a comment\n\n',
        'data: line one\ndata: line two\n\ndata: [DONE]',
      ]),
    ).toEqual([
      { event: undefined, data: '{"a":1}' },
      { event: 'error', data: '{"error":{"message":"x"}}' },
      { event: undefined, data: 'line one\nline two' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('joins a character whose bytes are split across reads', async () => {
    const bytes = Buffer.from('data: {"text":"naïve 🚀"}\n\n');
    const at = bytes.indexOf(0xf0) + 2; // inside the rocket's four bytes
    const events = [];
    for await (const event of sseEvents(
      Readable.from([bytes.subarray(0, at), bytes.subarray(at)]),
    ))
      events.push(event);
    expect(events).toEqual([{ event: undefined, data: '{"text":"naïve 🚀"}' }]);
  });

  it('throws when the body fails mid-way', async () => {
    const body = new Readable({ read() {} });
    body.push('data: {"a":1}\n\n');
    setImmediate(() => body.destroy(new Error('socket hang up')));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of sseEvents(body)) seen.push(event.data);
    })().catch(e => e);
    expect(seen).toEqual(['{"a":1}']);
    expect(error.message).toBe('socket hang up');
  });
});
