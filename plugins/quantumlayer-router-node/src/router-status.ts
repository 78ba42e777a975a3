/**
 * A circuit breaker's state for one provider + model.
 *
 * @public
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * The router's providers, targets and circuits, as
 * `GET /v1/router/providers` gives them.
 *
 * @public
 */
export interface LlmRouterStatus {
  /** `shared`: breakers every replica shares (Redis); `local`: this process only. */
  breakerScope: 'shared' | 'local';
  providers: Array<{
    id: string;
    models: readonly string[];
    embeddingModels: readonly string[];
    streaming: boolean;
    targets: Array<{
      model: string;
      circuit: CircuitState;
      /** Mean latency of the recent window, for lowest-latency routing. */
      meanLatencyMs?: number;
      /** A `Date` in process; its ISO string over the wire. */
      lastSuccessAt?: Date | string;
      lastFailureAt?: Date | string;
      lastError?: string;
    }>;
  }>;
}

/**
 * Each routed target's circuit state, from a status report.
 *
 * @public
 */
export function circuitsOf(status: LlmRouterStatus) {
  return status.providers.flatMap(p =>
    p.targets.map(t => ({ provider: p.id, model: t.model, state: t.circuit })),
  );
}
