/** How long a latency sample counts: a target not chosen since is measured again. */
export const LATENCY_SAMPLE_MAX_AGE_MS = 60_000;

/**
 * Moving window of recent latencies per target, for the lowest-latency
 * strategy and `GET /v1/router/providers`. Samples older than `maxAgeMs`
 * no longer count: once all of a target's have aged out, its mean is
 * undefined again, so lowest-latency routing tries it first and measures it
 * anew. Without that, a target that was slow once would never be chosen,
 * hence never measured, again.
 */
export class LatencyTracker {
  private readonly samples = new Map<
    string,
    Array<{ ms: number; at: number }>
  >();

  constructor(
    private readonly size = 50,
    private readonly maxAgeMs = LATENCY_SAMPLE_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  record(key: string, latencyMs: number) {
    let window = this.samples.get(key);
    if (!window) {
      window = [];
      this.samples.set(key, window);
    }
    window.push({ ms: latencyMs, at: this.now() });
    if (window.length > this.size) window.shift();
  }

  /** Mean of the window's fresh samples; undefined when there are none. */
  mean(key: string): number | undefined {
    const window = this.samples.get(key);
    if (!window?.length) return undefined;
    const oldest = this.now() - this.maxAgeMs;
    // Samples are in time order: drop the stale ones from the front.
    let stale = 0;
    while (stale < window.length && window[stale].at < oldest) stale++;
    if (stale > 0) window.splice(0, stale);
    if (window.length === 0) return undefined;
    let sum = 0;
    for (const sample of window) sum += sample.ms;
    return sum / window.length;
  }
}
