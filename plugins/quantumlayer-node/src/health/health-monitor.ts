import type {
  HealthCheckReport,
  HealthDetailsReport,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { HealthCheck, HealthCheckResult } from './health-check';

const RANK = { ok: 0, degraded: 1, down: 2 } as const;
const DEFAULT_TIMEOUT_MS = 2_000;

async function runOne(
  check: HealthCheck,
): Promise<HealthCheckResult & { latencyMs: number }> {
  const timeoutMs = check.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthCheckResult>(resolve => {
    timer = setTimeout(
      () => resolve({ status: 'down', detail: `no answer in ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    const result = await Promise.race([
      check.check().catch(
        (error: Error): HealthCheckResult => ({
          status: 'down',
          detail: error.message,
        }),
      ),
      timeout,
    ]);
    return { ...result, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every check concurrently, each under its own timeout, and keeps the
 * answer for `cacheMs`: callers within that window (and callers arriving
 * while a round runs) share one round, so probes and pages never pile load
 * on the data plane. Remembers when each check's status last changed.
 *
 * @public
 */
export class HealthMonitor {
  private latest?: { at: number; report: HealthDetailsReport };
  private inFlight?: Promise<HealthDetailsReport>;
  private readonly lastChange = new Map<
    string,
    { status: string; at: string }
  >();

  constructor(
    private readonly checks: HealthCheck[],
    private readonly options: { cacheMs?: number } = {},
  ) {}

  /** Every check's latest result (at most `cacheMs` old). */
  async details(): Promise<HealthDetailsReport> {
    const cacheMs = this.options.cacheMs ?? 5_000;
    if (this.latest && Date.now() - this.latest.at < cacheMs) {
      return this.latest.report;
    }
    this.inFlight ??= this.round().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Readiness: down when a critical check is down. */
  async ready(): Promise<{ ready: boolean; failing: string[] }> {
    const report = await this.details();
    const failing = report.checks
      .filter(c => c.critical && c.status === 'down')
      .map(c => `${c.name}: ${c.message ?? 'down'}`);
    return { ready: failing.length === 0, failing };
  }

  private async round(): Promise<HealthDetailsReport> {
    const checkedAt = new Date().toISOString();
    const results = await Promise.all(this.checks.map(runOne));
    const checks: HealthCheckReport[] = this.checks.map((check, i) => {
      const r = results[i];
      const previous = this.lastChange.get(check.name);
      if (previous?.status !== r.status) {
        this.lastChange.set(check.name, { status: r.status, at: checkedAt });
      }
      return {
        name: check.name,
        status: r.status,
        latencyMs: r.latencyMs,
        ...(r.detail ? { message: r.detail } : {}),
        ...(r.details ? { details: r.details } : {}),
        lastChange: this.lastChange.get(check.name)!.at,
        critical: check.critical ?? false,
      };
    });
    const status = checks.reduce<HealthDetailsReport['status']>(
      (worst, c) => (RANK[c.status] > RANK[worst] ? c.status : worst),
      'ok',
    );
    const report = { status, checkedAt, checks };
    this.latest = { at: Date.now(), report };
    return report;
  }
}
