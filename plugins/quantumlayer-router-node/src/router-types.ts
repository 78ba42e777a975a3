import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { LlmCompletion, LlmEmbeddingResult } from './provider';

/** One rate-limit dimension as the vendors' `*-ratelimit-*` headers report it. @public */
export interface RateLimitDimension {
  limit: number;
  remaining: number;
  /** Ms until the window is empty again. */
  resetMs: number;
}

/** The tightest limit per dimension that applied to a call. @public */
export interface RateLimitStatus {
  requests?: RateLimitDimension;
  tokens?: RateLimitDimension;
}

/** Who is calling and what they asked of the router beyond the request. @public */
export interface CallContext {
  /** Entity ref of the principal, e.g. `user:default/jane` or `plugin:scaffolder`. */
  caller?: string;
  /** Owning catalog group, for the ledger and group budgets. */
  group?: string;
  workflowId?: string;
  /** Pin one provider/model (only for callers allowed to override). */
  pin?: { provider: string; model: string };
  /** `false` skips the response cache for this request. */
  cache?: boolean;
  /**
   * For calls to a remote router (role `router`), which bills only what it
   * can verify: the caller's own credentials, exchanged for an on-behalf-of
   * token (users) or vouched for with a signed claim (services). Never sent.
   */
  onBehalfOf?: BackstageCredentials;
  /**
   * A signed claim of whom the call is for (`CallerClaims`), from the role
   * that verified the caller: a workflow run's starter. The local router
   * ignores it; the router role bills its caller.
   */
  claim?: string;
}

/** One try of one target. @public */
export interface RouteAttempt {
  provider: string;
  model: string;
  outcome: 'ok' | 'error' | 'circuit-open';
  status?: number;
  error?: string;
  latencyMs: number;
}

/** What every routed answer says about how it was served. @public */
export interface RouteInfo {
  alias: string;
  provider: string;
  model: string;
  attempts: RouteAttempt[];
  costUsd: number;
  cached: boolean;
  latencyMs: number;
  /** The caller's rate limits, when any applied (the gateway's `*-ratelimit-*` headers). */
  rateLimits?: RateLimitStatus;
}

/** A completion plus how it was routed. @public */
export interface RoutedCompletion extends LlmCompletion {
  route: RouteInfo;
}

/** What the router's `embed` takes: an alias and the texts. @public */
export interface EmbeddingRequest {
  /** A model alias whose targets serve embeddings. */
  model: string;
  input: string[];
  /** Shorter vectors, where the model can give them. */
  dimensions?: number;
  abortSignal?: AbortSignal;
}

/** Embeddings plus how they were routed. @public */
export interface RoutedEmbedding extends LlmEmbeddingResult {
  route: RouteInfo;
}
