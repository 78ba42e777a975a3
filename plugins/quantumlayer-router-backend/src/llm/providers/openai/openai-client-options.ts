import type { ClientOptions } from 'openai';
import { nodeHttpFetch } from '../../http/node-http-fetch';

/** Per-attempt timeout when the config sets none. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** What every provider factory may override for its SDK client. */
export interface OpenAiClientOverrides {
  /** Replaces the keep-alive node:http transport (tests, proxies, request signing). */
  fetch?: typeof fetch;
}

/**
 * Client options every variant shares: the router and Temporal own retries,
 * so the SDK never retries behind them; settings come from config only, never
 * from OPENAI_* environment variables; the SDK's console logger stays off
 * (its debug level prints request bodies, and failures reach callers as
 * LlmProviderErrors anyway).
 */
export function openAiClientDefaults(options: {
  timeoutMs?: number;
  fetch?: typeof fetch;
}): Pick<
  ClientOptions,
  'maxRetries' | 'timeout' | 'organization' | 'project' | 'logLevel' | 'fetch'
> {
  return {
    maxRetries: 0,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    organization: null,
    project: null,
    logLevel: 'off',
    fetch: options.fetch ?? nodeHttpFetch,
  };
}
