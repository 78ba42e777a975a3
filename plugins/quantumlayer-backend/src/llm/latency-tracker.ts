/**
 * Moving window of recent latencies per target, for the lowest-latency
 * strategy and `GET /v1/router/providers`.
 */
export class LatencyTracker {
  private readonly samples = new Map<string, number[]>();

  constructor(private readonly size = 50) {}

  record(key: string, latencyMs: number) {
    let window = this.samples.get(key);
    if (!window) {
      window = [];
      this.samples.set(key, window);
    }
    window.push(latencyMs);
    if (window.length > this.size) window.shift();
  }

  /** Mean of the window; undefined before the first sample. */
  mean(key: string): number | undefined {
    const window = this.samples.get(key);
    if (!window?.length) return undefined;
    return window.reduce((a, b) => a + b, 0) / window.length;
  }
}
