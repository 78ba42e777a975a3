import type { RateLimitStatus, RouteAttempt } from './router-types';

/** A budget has no room for this call; the gateway answers 429. @public */
export class BudgetExceededError extends Error {
  readonly status = 429;
  constructor(
    message: string,
    readonly owner: string,
    readonly resetsAt: Date,
  ) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

/**
 * Every target failed or was skipped. `status` is the last upstream status
 * (429 stays 429 so clients back off), 503 when every circuit was open,
 * else 502.
 *
 * @public
 */
export class NoTargetAvailableError extends Error {
  readonly status: number;
  constructor(readonly alias: string, readonly attempts: RouteAttempt[]) {
    const last = attempts[attempts.length - 1];
    const allOpen = attempts.every(a => a.outcome === 'circuit-open');
    super(
      `no target of "${alias}" answered: ${attempts
        .map(
          a =>
            `${a.provider}/${a.model} ${
              a.outcome === 'circuit-open' ? 'circuit open' : a.error
            }`,
        )
        .join('; ')}`,
    );
    this.name = 'NoTargetAvailableError';
    if (allOpen) this.status = 503;
    else this.status = last?.status === 429 ? 429 : 502;
  }
}

/** A per-principal rate limit (rpm or tpm) has no room; the gateway answers 429 with `Retry-After`. @public */
export class RateLimitExceededError extends Error {
  readonly status = 429;
  constructor(
    message: string,
    readonly owner: string,
    readonly limits: RateLimitStatus,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'RateLimitExceededError';
  }
}
