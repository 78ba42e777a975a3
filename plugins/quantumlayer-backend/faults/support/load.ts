/** The p-th percentile (nearest rank) of `xs`. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[
    Math.min(
      sorted.length - 1,
      Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ];
}

export interface LoadResult<T> {
  results: Array<
    | { ok: true; value: T; ms: number; i: number }
    | { ok: false; error: Error; ms: number; i: number }
  >;
  wallMs: number;
  p50: number;
  p99: number;
  errorRate: number;
}

/**
 * Runs `n` calls of `one` at most `concurrency` at a time and measures each;
 * bounded by construction (no unbounded loops, no retries of its own).
 */
export async function runLoad<T>(
  n: number,
  concurrency: number,
  one: (i: number) => Promise<T>,
  onProgress?: (done: number) => void | Promise<void>,
): Promise<LoadResult<T>> {
  const results: LoadResult<T>['results'] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        try {
          const value = await one(i);
          results.push({ ok: true, value, ms: performance.now() - t0, i });
        } catch (error) {
          results.push({
            ok: false,
            error: error as Error,
            ms: performance.now() - t0,
            i,
          });
        }
        await onProgress?.(results.length);
      }
    }),
  );
  const latencies = results.map(r => r.ms);
  return {
    results,
    wallMs: Date.now() - started,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errorRate: results.filter(r => !r.ok).length / Math.max(1, results.length),
  };
}

/** Polls `check` every 50 ms until true, failing after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

export const ms = (n: number) => `${Math.round(n)} ms`;
