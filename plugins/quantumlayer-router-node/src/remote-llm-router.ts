import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { LlmRouterClient } from './llm-router-client';
import type { LlmCompletionRequest } from './provider';
import { BudgetExceededError, RateLimitExceededError } from './router-errors';
import { circuitsOf, type LlmRouterStatus } from './router-status';
import type {
  CallContext,
  EmbeddingRequest,
  RateLimitStatus,
  RoutedCompletion,
  RoutedEmbedding,
} from './router-types';
import { traceHeaders } from './trace-headers';
import { CALL_CLAIM_TTL_MS, CallerClaims } from './caller-claims';

/**
 * The discovery id the router role is found under (`discovery.endpoints`).
 *
 * @public
 */
export const ROUTER_SERVICE_ID = 'quantumlayer-router';

/**
 * A router call that the router role answered with an error.
 *
 * @public
 */
export class RemoteRouterError extends Error {
  constructor(message: string, readonly status: number, readonly type: string) {
    super(message);
    this.name = 'RemoteRouterError';
  }
}

/**
 * The router of another deployment (role `router`), found through
 * Backstage's discovery service under `quantumlayer-router`, so its address
 * (`http://llm-router.quantumlayer.svc.cluster.local:8080/api/quantumlayer`
 * in the seeds) is `discovery.endpoints` config.
 *
 * The router bills only whom it can verify, never the context's `caller`
 * and `group` as sent. So a call made for a live user
 * (`ctx.onBehalfOf`) carries Backstage's on-behalf-of token for them; one
 * for a service principal carries this plugin's token and a short claim
 * for the service, signed with `quantumlayer.router.claimSecret`; a
 * workflow's call carries this plugin's token and the run's claim
 * (`ctx.claim`); anything else is billed to this plugin.
 *
 * @public
 */
export class RemoteLlmRouter implements LlmRouterClient {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      /** Signs claims for relayed service principals. */
      claims?: CallerClaims;
      /** Per call, unless the request's own signal ends it first. Default 120 s. */
      timeoutMs?: number;
    },
  ) {}

  /**
   * The client as `quantumlayer.router` configures it: the claim secret
   * (`claimSecret`) and the per-call timeout (`remote.timeoutSeconds`).
   */
  static fromConfig(
    config: Config,
    services: { discovery: DiscoveryService; auth: AuthService },
  ): RemoteLlmRouter {
    const timeoutSeconds = config.getOptionalNumber(
      'quantumlayer.router.remote.timeoutSeconds',
    );
    return new RemoteLlmRouter({
      ...services,
      claims: CallerClaims.fromConfig(config),
      timeoutMs: timeoutSeconds ? timeoutSeconds * 1000 : undefined,
    });
  }

  async complete(
    request: LlmCompletionRequest,
    ctx: CallContext = {},
  ): Promise<RoutedCompletion> {
    const { abortSignal, ...rest } = request;
    return this.routed('/v1/router/complete', rest, ctx, abortSignal);
  }

  async embed(
    request: EmbeddingRequest,
    ctx: CallContext = {},
  ): Promise<RoutedEmbedding> {
    const { abortSignal, ...rest } = request;
    return this.routed('/v1/router/embed', rest, ctx, abortSignal);
  }

  /** A router call whose context the router can verify (see the class doc). */
  private routed<T>(
    path: string,
    request: object,
    ctx: CallContext,
    signal?: AbortSignal,
  ): Promise<T> {
    const { onBehalfOf, ...context } = ctx;
    const principal = onBehalfOf?.principal as
      | { type: string; subject?: string }
      | undefined;
    if (
      principal?.type === 'service' &&
      principal.subject &&
      this.deps.claims &&
      !context.claim
    ) {
      context.claim = this.deps.claims.sign(
        { caller: principal.subject, group: context.group },
        CALL_CLAIM_TTL_MS,
      );
    }
    return this.call(
      'POST',
      path,
      signal,
      { request, context },
      principal?.type === 'user' ? onBehalfOf : undefined,
    );
  }

  status(): Promise<LlmRouterStatus> {
    return this.call('GET', '/v1/router/providers');
  }

  async circuits() {
    return circuitsOf(await this.status());
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    signal?: AbortSignal,
    body?: object,
    user?: BackstageCredentials,
  ): Promise<T> {
    const base = await this.deps.discovery.getBaseUrl(ROUTER_SERVICE_ID);
    // A user's call goes as them (token exchange); others as this plugin.
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: user ?? (await this.deps.auth.getOwnServiceCredentials()),
      targetPluginId: ROUTER_SERVICE_ID,
    });
    const timeout = AbortSignal.timeout(this.deps.timeoutMs ?? 120_000);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...traceHeaders(),
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      throw new RemoteRouterError(
        `LLM router at ${base} is unreachable: ${(error as Error).message}`,
        503,
        'unreachable',
      );
    }
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as T;
    throw remoteError(response.status, text, base);
  }
}

/** The router role's error as the local router would have thrown it. */
function remoteError(status: number, text: string, base: string): Error {
  let error: {
    message?: string;
    type?: string;
    owner?: string;
    resetsAt?: string;
    limits?: RateLimitStatus;
    retryAfterMs?: number;
  } = {};
  try {
    error = JSON.parse(text).error ?? {};
  } catch {
    // not JSON: a proxy's page, say; the status says enough
  }
  const message = error.message ?? `HTTP ${status} from the LLM router`;
  if (error.type === 'budget_exceeded' && error.owner && error.resetsAt) {
    return new BudgetExceededError(
      message,
      error.owner,
      new Date(error.resetsAt),
    );
  }
  if (
    error.type === 'rate_limit_exceeded' &&
    error.owner &&
    typeof error.retryAfterMs === 'number'
  ) {
    return new RateLimitExceededError(
      message,
      error.owner,
      error.limits ?? {},
      error.retryAfterMs,
    );
  }
  return new RemoteRouterError(
    `LLM router at ${base}: ${message}`,
    status,
    error.type ?? 'api_error',
  );
}
