import type { Config } from '@backstage/config';

/** The router's one retry policy; SDK retries are off everywhere. */
export interface RetrySettings {
  /** Retries per target before falling back to the next one. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Budget for the whole request, every target and wait included. */
  deadlineMs: number;
}

export function readRetrySettings(config: Config): RetrySettings {
  const c = config.getOptionalConfig('quantumlayer.router.retry');
  return {
    maxRetries: c?.getOptionalNumber('maxRetries') ?? 1,
    baseDelayMs: c?.getOptionalNumber('baseDelayMs') ?? 200,
    maxDelayMs: c?.getOptionalNumber('maxDelayMs') ?? 10_000,
    deadlineMs: c?.getOptionalNumber('deadlineMs') ?? 180_000,
  };
}

/**
 * Wait before retry number `retry` (1-based): the vendor's Retry-After when it
 * sent one, else full-jitter exponential backoff; capped by maxDelayMs.
 */
export function retryDelay(
  retry: number,
  settings: RetrySettings,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined)
    return Math.min(retryAfterMs, settings.maxDelayMs);
  const ceiling = Math.min(
    settings.maxDelayMs,
    settings.baseDelayMs * 2 ** (retry - 1),
  );
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timers: { timer?: NodeJS.Timeout } = {};
    const onAbort = () => {
      clearTimeout(timers.timer);
      reject(signal!.reason);
    };
    timers.timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
