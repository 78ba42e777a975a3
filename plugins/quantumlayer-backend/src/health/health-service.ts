import type {
  HealthCheck,
  HealthCheckResult,
} from '@internal/backstage-plugin-quantumlayer-node';

/** Aggregated answer of `GET /health`. */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  checks: Record<string, HealthCheckResult>;
}

const RANK = { ok: 0, degraded: 1, down: 2 } as const;

/** Runs every registered check with a timeout; one failing check never hides the others. */
export async function runHealthChecks(
  checks: HealthCheck[],
  timeoutMs = 2_000,
): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async check => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<HealthCheckResult>(resolve => {
        timer = setTimeout(
          () =>
            resolve({ status: 'down', detail: `no answer in ${timeoutMs} ms` }),
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
        return [check.name, result] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const status = results.reduce<HealthReport['status']>(
    (worst, [, r]) => (RANK[r.status] > RANK[worst] ? r.status : worst),
    'ok',
  );
  return { status, checks: Object.fromEntries(results) };
}
