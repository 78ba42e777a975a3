import { LoadResult, runLoad, sumLoads, Target } from './measure';

/**
 * The targets' order in block `cycle`: forward, backward, then evens before
 * odds, so no target keeps the same neighbour before it in every block.
 */
export function inTurn<T>(rows: T[], cycle: number): T[] {
  return [
    rows,
    [...rows].reverse(),
    [
      ...rows.filter((_, i) => i % 2 === 0),
      ...rows.filter((_, i) => i % 2 === 1),
    ],
  ][cycle % 3];
}

/**
 * `requests` per target in `blocks` blocks, the targets in turn as for the
 * samples, summed into each one's `load`: a target's load spreads over the
 * run, so the machine's drift and the idle time before a load (a gateway
 * left idle for a minute ran its next seconds up to 40% slower while V8
 * re-warmed) fall on every target alike, not on whichever is loaded last.
 */
export async function measureLoads(
  rows: Array<{ target: Target; load?: LoadResult }>,
  run: { requests: number; concurrency: number; blocks: number },
) {
  const size = Math.ceil(run.requests / run.blocks);
  for (let block = 0; block < run.blocks; block++) {
    for (const row of inTurn(rows, block)) {
      // As between sampling blocks: the previous target's leftover work
      // (Portkey logs after each response) must not share the cores.
      await new Promise(r => setTimeout(r, 2000));
      // Opens the sockets the previous block's idle time may have closed.
      await runLoad(row.target, run.concurrency * 20, run.concurrency);
      const part = await runLoad(
        row.target,
        Math.min(size, run.requests - block * size),
        run.concurrency,
      );
      row.load = row.load ? sumLoads(row.load, part) : part;
    }
  }
}
