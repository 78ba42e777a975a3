/** Result of one health check. @public */
export interface HealthCheckResult {
  status: 'ok' | 'degraded' | 'down';
  detail?: string;
}

/** A named check the plugin's health endpoint runs. @public */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<HealthCheckResult>;
}
