import type { Config } from '@backstage/config';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  windowMs: number;
  minimumCalls: number;
  failureRate: number;
  cooldownMs: number;
  /** Shared breakers: how long a replica trusts its mirror of the state. */
  syncMs?: number;
}

export function readBreakerSettings(config: Config): BreakerSettings {
  const c = config.getOptionalConfig('quantumlayer.router.breaker');
  return {
    windowMs: c?.getOptionalNumber('windowMs') ?? 30_000,
    minimumCalls: c?.getOptionalNumber('minimumCalls') ?? 5,
    failureRate: c?.getOptionalNumber('failureRate') ?? 0.5,
    cooldownMs: c?.getOptionalNumber('cooldownMs') ?? 30_000,
    syncMs: c?.getOptionalNumber('syncMs') ?? 100,
  };
}

/** Whether a call may go ahead, and the state that decided it. */
export interface BreakerDecision {
  allowed: boolean;
  state: BreakerState;
}

/**
 * Per provider+model breaker: closed → open when the failure rate in the
 * window reaches the threshold; open → half-open after the cooldown, letting
 * one probe through; the probe's result closes or reopens it.
 */
export interface CircuitBreaker {
  acquire(key: string, now?: number): Promise<BreakerDecision>;
  /** `success: false` only for failures that say the target is unwell (retryable ones). */
  record(key: string, success: boolean, now?: number): Promise<BreakerState>;
  state(key: string, now?: number): Promise<BreakerState>;
  /** Where the state lives right now. */
  readonly scope: 'shared' | 'local';
  /** Sends what is still counted locally. */
  close?(): Promise<void>;
}
