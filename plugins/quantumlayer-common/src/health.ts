/** One check's latest result, as `GET /health/details` reports it. @public */
export interface HealthCheckReport {
  name: string;
  status: 'ok' | 'degraded' | 'down';
  /** How long the check took (the timeout when it gave no answer). */
  latencyMs: number;
  message?: string;
  details?: Record<string, unknown>;
  /** When the status last changed (ISO time; the first check counts as a change). */
  lastChange: string;
  /** Whether `GET /ready` depends on it. */
  critical: boolean;
}

/** Answer of `GET /health/details`. @public */
export interface HealthDetailsReport {
  status: 'ok' | 'degraded' | 'down';
  /** When these results were measured (they are cached for a few seconds). */
  checkedAt: string;
  checks: HealthCheckReport[];
}
