/** Whether bubblewrap can isolate runs here, and why not. */
export interface ProbeResult {
  available: boolean;
  /** bubblewrap's own words (or the launcher's) when it could not start. */
  error?: string;
  /** When the probe ran (ms since the epoch). */
  checkedAt: number;
}

/** How long a probe's answer stands before the next run asks again. */
export interface ProbeIntervals {
  /** Default 10 minutes: a kernel setting or package can still change. */
  availableMs: number;
  /** Default 10 seconds: a fixed host is noticed at once. */
  unavailableMs: number;
}

export const DEFAULT_PROBE_INTERVALS: ProbeIntervals = {
  availableMs: 10 * 60_000,
  unavailableMs: 10_000,
};

/**
 * Runs `probe` and keeps its answer for a while: success for
 * `availableMs`, failure (a timeout included) for `unavailableMs` only.
 * Callers arriving while a probe runs share it.
 */
export class SandboxProbe {
  private latest?: ProbeResult;
  private inFlight?: Promise<ProbeResult>;

  constructor(
    private readonly probe: () => Promise<Omit<ProbeResult, 'checkedAt'>>,
    private readonly intervals: ProbeIntervals = DEFAULT_PROBE_INTERVALS,
  ) {}

  /** The latest answer, re-probed when it is older than its interval. */
  current(): Promise<ProbeResult> {
    const latest = this.latest;
    if (latest) {
      const ttl = latest.available
        ? this.intervals.availableMs
        : this.intervals.unavailableMs;
      if (Date.now() - latest.checkedAt < ttl) return Promise.resolve(latest);
    }
    this.inFlight ??= this.probe()
      .catch(error => ({
        available: false,
        error: (error as Error).message,
      }))
      .then(result => {
        this.latest = { ...result, checkedAt: Date.now() };
        return this.latest;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Forgets the answer: a run found bubblewrap failing after all. */
  invalidate(): void {
    this.latest = undefined;
  }
}
