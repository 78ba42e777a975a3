import { Readable } from 'stream';
import { sseEvents } from './sse-events';

/** Reads every event of `chunks`; returns the data length and the time taken. */
async function read(chunks: string[]) {
  const started = performance.now();
  let length = 0;
  for await (const event of sseEvents(Readable.from(chunks)))
    length += event.data.length;
  return { length, ms: performance.now() - started };
}

// A model server streams what it likes: one huge event in small reads, or
// blank-line markers split across reads. Sizes double; a super-linear
// reader fails on a small one before a large one holds the test.
describe('sseEvents on adversarial streams', () => {
  it.each<[string, (kib: number) => string[]]>([
    [
      'one event in 1 KiB reads',
      kib => ['data: ', ...Array<string>(kib).fill('x'.repeat(1024)), '\n\n'],
    ],
    [
      'lone \\r and \\n in every read, never a blank line',
      kib => ['data: ', ...Array<string>(kib).fill(`${'y'.repeat(1022)}\r`)],
    ],
    [
      'blank lines split across reads',
      kib =>
        Array.from({ length: kib }, (_, i) =>
          i % 2
            ? `\n\r\ndata: ${'z'.repeat(1000)}`
            : `data: ${'z'.repeat(1000)}\r`,
        ),
    ],
  ])('stays linear: %s', async (_name, make) => {
    for (const kib of [256, 512, 1024, 2048, 4096]) {
      const { length, ms } = await read(make(kib));
      expect(length).toBeGreaterThan(0);
      if (ms > 1500) {
        throw new Error(`${kib} KiB took ${ms.toFixed(0)} ms (limit 1500 ms)`);
      }
    }
  });

  it('splits at blank lines that straddle reads, as one read would', async () => {
    const chunks = ['data: a\r', '\n', '\r', '\ndata: b\n', '\ndata: c'];
    const events = [];
    for await (const event of sseEvents(Readable.from(chunks)))
      events.push(event.data);
    expect(events).toEqual(['a', 'b', 'c']);
  });
});
