import type {
  RateLimitDimension,
  RateLimitStatus,
} from '@internal/backstage-plugin-quantumlayer-router-node';

/** A duration as OpenAI writes its resets: `20ms`, `1.5s`, `6m0s`. */
export function openAiDuration(ms: number): string {
  const whole = Math.ceil(ms);
  if (whole < 1000) return `${whole}ms`;
  const seconds = whole / 1000;
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${Number((seconds - minutes * 60).toFixed(3))}s`;
}

/** `Retry-After` in whole seconds, at least 1. */
const retryAfter = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));

/**
 * OpenAI's `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, plus
 * `retry-after` on a refusal, which the official SDK waits before retrying.
 */
export function openAiRateLimitHeaders(
  status: RateLimitStatus,
  retryAfterMs?: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const add = (unit: string, d?: RateLimitDimension) => {
    if (!d) return;
    headers[`x-ratelimit-limit-${unit}`] = String(d.limit);
    headers[`x-ratelimit-remaining-${unit}`] = String(d.remaining);
    headers[`x-ratelimit-reset-${unit}`] = openAiDuration(d.resetMs);
  };
  add('requests', status.requests);
  add('tokens', status.tokens);
  if (retryAfterMs !== undefined)
    headers['retry-after'] = retryAfter(retryAfterMs);
  return headers;
}

/**
 * Anthropic's `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}`
 * (reset as an RFC 3339 time), plus `retry-after` on a refusal.
 */
export function anthropicRateLimitHeaders(
  status: RateLimitStatus,
  retryAfterMs?: number,
  now = Date.now(),
): Record<string, string> {
  const headers: Record<string, string> = {};
  const add = (unit: string, d?: RateLimitDimension) => {
    if (!d) return;
    headers[`anthropic-ratelimit-${unit}-limit`] = String(d.limit);
    headers[`anthropic-ratelimit-${unit}-remaining`] = String(d.remaining);
    headers[`anthropic-ratelimit-${unit}-reset`] = new Date(
      now + Math.ceil(d.resetMs / 1000) * 1000,
    )
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  };
  add('requests', status.requests);
  add('tokens', status.tokens);
  if (retryAfterMs !== undefined)
    headers['retry-after'] = retryAfter(retryAfterMs);
  return headers;
}
