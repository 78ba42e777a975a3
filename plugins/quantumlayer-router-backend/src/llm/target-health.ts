import { LatencyTracker } from './latency-tracker';

/**
 * What the router has seen of each target lately: a moving window of
 * latencies (for lowest-latency routing) and the last success and failure
 * (for `GET /v1/router/providers`).
 */
export class TargetHealth {
  private readonly latency = new LatencyTracker();
  private readonly last = new Map<
    string,
    { lastSuccessAt?: Date; lastFailureAt?: Date; lastError?: string }
  >();

  success(key: string, latencyMs: number) {
    this.latency.record(key, latencyMs);
    this.entry(key).lastSuccessAt = new Date();
  }

  failure(key: string, error: string) {
    const entry = this.entry(key);
    entry.lastFailureAt = new Date();
    entry.lastError = error;
  }

  meanLatency(key: string): number | undefined {
    return this.latency.mean(key);
  }

  snapshot(key: string) {
    return { meanLatencyMs: this.latency.mean(key), ...this.last.get(key) };
  }

  private entry(key: string) {
    let entry = this.last.get(key);
    if (!entry) {
      entry = {};
      this.last.set(key, entry);
    }
    return entry;
  }
}
