import { isError } from '@backstage/errors';
import {
  LlmProviderError,
  BudgetExceededError,
  NoTargetAvailableError,
  RateLimitExceededError,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { RateLimitStatus } from '@internal/backstage-plugin-quantumlayer-router-node';

/** An error as the gateway reports it, whatever wire it speaks. */
export interface GatewayFailure {
  status: number;
  /** OpenAI-style error type. */
  type: string;
  message: string;
  /** A rate-limit refusal: the limits, for the wire's `*-ratelimit-*` headers. */
  rateLimits?: RateLimitStatus;
  retryAfterMs?: number;
}

const BY_NAME: Record<string, [number, string]> = {
  InputError: [400, 'invalid_request_error'],
  AuthenticationError: [401, 'authentication_error'],
  NotAllowedError: [403, 'permission_error'],
  NotFoundError: [404, 'not_found_error'],
};

/** Maps router, provider and Backstage errors to a status and a message for the caller. */
export function classifyError(error: unknown): GatewayFailure {
  if (error instanceof RateLimitExceededError)
    return {
      status: 429,
      type: 'rate_limit_exceeded',
      message: error.message,
      rateLimits: error.limits,
      retryAfterMs: error.retryAfterMs,
    };
  if (error instanceof BudgetExceededError)
    return { status: 429, type: 'budget_exceeded', message: error.message };
  if (error instanceof NoTargetAvailableError)
    return {
      status: error.status,
      type: error.status === 429 ? 'rate_limit_error' : 'upstream_error',
      message: error.message,
    };
  if (error instanceof LlmProviderError) {
    const status = error.status && error.status < 500 ? error.status : 502;
    return { status, type: 'upstream_error', message: error.message };
  }
  if (isError(error) && BY_NAME[error.name]) {
    const [status, type] = BY_NAME[error.name];
    return { status, type, message: error.message };
  }
  return {
    status: 500,
    type: 'api_error',
    message: 'internal error in the LLM gateway',
  };
}

export function openAiErrorBody(f: GatewayFailure) {
  return {
    error: { message: f.message, type: f.type, param: null, code: f.type },
  };
}

const ANTHROPIC_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  503: 'overloaded_error',
};

export function anthropicErrorBody(f: GatewayFailure) {
  return {
    type: 'error',
    error: {
      type: ANTHROPIC_TYPE[f.status] ?? 'api_error',
      message: f.message,
    },
  };
}
