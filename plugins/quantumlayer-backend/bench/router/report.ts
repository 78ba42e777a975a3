/* eslint-disable no-console */
// The table and goal lines of `yarn bench:router` (bench/router.ts): per
// target latency, time to first token and load figures, ratios against
// Portkey, and PASS/MISS against the gateway's goals.
import { LoadResult, percentile, Target } from './measure';

/** One target's measurements. */
export interface Row {
  target: Target;
  lat: number[];
  ttft: number[];
  load?: LoadResult;
}

/** How the run was made, for the table's footnote. */
export interface RunShape {
  samples: number;
  warmup: number;
  requests: number;
  concurrency: number;
}

const NAME_WIDTH = 26;
const ms = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2));
const p = (xs: number[], q: number) => (xs.length ? percentile(xs, q) : NaN);

export function printResults(
  rows: Row[],
  skipped: Map<string, string>,
  cacheP50: number | string,
  run: RunShape,
  /** The target the goals are checked on: quantumlayer, else the router role's build. */
  oursName = 'quantumlayer',
) {
  const [direct] = rows;
  const d50 = p(direct.lat, 50);
  const d99 = p(direct.lat, 99);
  const t50 = p(direct.ttft, 50);
  console.log(
    `\n${'target'.padEnd(NAME_WIDTH)}${[
      'lat p50',
      'lat p99',
      '+lat p50',
      '+lat p99',
      'TTFT p50',
      '+TTFT p50',
      '+TTFT p99',
      'req/s',
      'CPU s',
      'req/s/core',
    ]
      .map(h => h.padStart(11))
      .join('')}`,
  );
  for (const { target, lat, ttft, load } of rows) {
    const added = target.name !== 'direct';
    const cells = [
      p(lat, 50),
      p(lat, 99),
      added ? p(lat, 50) - d50 : undefined,
      added ? p(lat, 99) - d99 : undefined,
      p(ttft, 50),
      added ? p(ttft, 50) - t50 : undefined,
      added ? p(ttft, 99) - p(direct.ttft, 99) : undefined,
    ].map(ms);
    const loadCells = load
      ? [
          load.rps.toFixed(0),
          load.cpuSeconds.toFixed(2),
          load.rpsPerCore.toFixed(0),
        ]
      : ['-', '-', '-'];
    console.log(
      `${target.name.padEnd(NAME_WIDTH)}${[...cells, ...loadCells]
        .map(c => c.padStart(11))
        .join('')}`,
    );
  }
  for (const [name, reason] of skipped)
    console.log(`${name.padEnd(NAME_WIDTH)}skipped: ${reason}`);
  console.log(
    `(ms; + = minus direct; ${run.samples} sequential samples after ${
      run.warmup
    } warm-up; load = ${run.requests} requests over ${
      run.concurrency
    } connections, errors: ${rows
      .map(r => `${r.target.name} ${r.load?.errors ?? '-'}`)
      .join(', ')})`,
  );
  const coarse = rows.filter(r => r.load && r.load.cpuSeconds < 0.5);
  if (coarse.length) {
    console.log(
      `(CPU is read in 10 ms ticks, so req/s/core is coarse for ${coarse
        .map(
          r => `${r.target.name} (+-${(2 / r.load!.cpuSeconds).toFixed(0)}%)`,
        )
        .join(', ')}; raise --requests for more)`,
    );
  }
  console.log(
    `${oursName} cache-hit p50: ${
      typeof cacheP50 === 'number'
        ? `${ms(cacheP50)} ms (direct uncached p50 ${ms(d50)} ms)`
        : cacheP50
    }`,
  );

  const byName = new Map(rows.map(r => [r.target.name, r]));
  const ours = byName.get(oursName);
  const portkey = byName.get('portkey');
  const addedP50 = (r: Row) => p(r.lat, 50) - d50;
  const perCore = (r: Row) => r.load?.rpsPerCore ?? NaN;
  if (portkey) {
    console.log(
      `portkey vs direct: req/s/core x${(
        perCore(portkey) / perCore(direct)
      ).toFixed(2)}`,
    );
  }
  for (const mine of rows.filter(r =>
    r.target.name.startsWith('quantumlayer'),
  )) {
    if (!mine || !portkey) continue;
    console.log(
      `${mine.target.name} vs portkey: +lat p50 x${(
        addedP50(mine) / addedP50(portkey)
      ).toFixed(2)}  +TTFT p50 x${(
        (p(mine.ttft, 50) - t50) /
        (p(portkey.ttft, 50) - t50)
      ).toFixed(2)}  req/s/core x${(perCore(mine) / perCore(portkey)).toFixed(
        2,
      )}`,
    );
  }
  const goal = (label: string, need: string[], ok: () => boolean) => {
    const absent = need.filter(name => !byName.has(name));
    const why = absent.map(
      n => `${n} not measured: ${skipped.get(n) ?? 'not in --only'}`,
    );
    let verdict = `n/a (${why.join('; ')})`;
    if (!absent.length) verdict = ok() ? 'PASS' : 'MISS';
    console.log(`goal: ${label}: ${verdict}`);
  };
  console.log('');
  console.log(`goals checked on ${oursName}:`);
  goal(
    "our added latency p50 <= 1/3 of Portkey's",
    [oursName, 'portkey'],
    () => addedP50(ours!) <= addedP50(portkey!) / 3,
  );
  goal(
    'our added TTFT p50 <= 1 ms',
    [oursName],
    () => p(ours!.ttft, 50) - t50 <= 1,
  );
  goal(
    "our req/s per core >= 2x Portkey's",
    [oursName, 'portkey'],
    () => perCore(ours!) >= 2 * perCore(portkey!),
  );
  goal(
    'our exact-cache hit p50 <= 1 ms',
    [oursName],
    () => typeof cacheP50 === 'number' && cacheP50 <= 1,
  );
}
