/** Result of one health check. @public */
export interface HealthCheckResult {
  status: 'ok' | 'degraded' | 'down';
  /** One line saying why, for people: `5 ms, primary, 2 replicas streaming`. */
  detail?: string;
  /** Structured facts (role, memory, pollers, counts) for pages and probes. */
  details?: Record<string, unknown>;
}

/** A named check the plugin's health endpoint runs. @public */
export interface HealthCheck {
  readonly name: string;
  /** A critical check that is down makes `GET /ready` answer 503. */
  readonly critical?: boolean;
  /** Longest the check may take before it counts as down (default 2000 ms). */
  readonly timeoutMs?: number;
  check(): Promise<HealthCheckResult>;
}
