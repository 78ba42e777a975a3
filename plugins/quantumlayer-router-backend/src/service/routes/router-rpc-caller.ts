import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type {
  CallerClaims,
  CallContext,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type {
  GatewayCaller,
  GatewayCallers,
} from '../../gateway/gateway-callers';

/** The only principal whose claims count: another role of this plugin. */
export const CLAIMING_PRINCIPAL = 'plugin:quantumlayer';

/** The call context as a router-endpoint body sends it. */
export interface SentCallContext {
  caller?: string;
  group?: string;
  workflowId?: string;
  cache?: boolean;
  pin?: { provider: string; model: string };
  claim?: string;
}

/** What the router endpoints need to tell whom a call is for. */
export interface RouterRpcCallerDeps {
  callers: Pick<GatewayCallers, 'callerOf'>;
  /** Verifies run and service claims; without it claims are ignored. */
  claims?: CallerClaims;
  logger: LoggerService;
}

/**
 * The principal of a router-endpoint call, once allowed
 * `quantumlayer.router.use`: a service, or a user on whose behalf another
 * plugin calls (Backstage's token exchange gives a user principal with an
 * actor). A user calling directly is refused: users call
 * `/v1/chat/completions`.
 */
export async function routerRpcPrincipal(
  deps: Pick<RouterRpcCallerDeps, 'callers'>,
  credentials: BackstageCredentials,
): Promise<GatewayCaller> {
  const principal = credentials.principal as {
    type: string;
    actor?: { subject: string };
  };
  if (principal.type === 'user' && !principal.actor) {
    throw new NotAllowedError(
      'the router endpoints are for the other QuantumLayer roles (service tokens, or a user on whose behalf a plugin calls); users call /v1/chat/completions',
    );
  }
  return deps.callers.callerOf(credentials);
}

/**
 * Whom a router-endpoint call is billed to, from what can be verified and
 * never from the body's `caller` and `group`:
 * - a user on whose behalf another plugin calls is billed as themselves,
 *   with their catalog group;
 * - another QuantumLayer role (`plugin:quantumlayer`) with a valid claim
 *   (`CallerClaims`) is billed to the claim's caller and group: a run's
 *   starter, or a service it relays;
 * - any other service principal, or a claim that does not verify, is
 *   billed to the service principal itself.
 * The body's `workflowId` labels the call (spans, ledger) unless a run's
 * claim names the run. A pin needs `quantumlayer.router.overrideAllowed`
 * for the authenticated principal.
 */
export function verifiedCallContext(
  deps: RouterRpcCallerDeps,
  authenticated: GatewayCaller,
  sent: SentCallContext,
): { caller: GatewayCaller; context: CallContext } {
  if (sent.pin && !authenticated.mayOverride) {
    throw new NotAllowedError(
      `${authenticated.ref} may not pin a provider; see quantumlayer.router.overrideAllowed`,
    );
  }
  let caller = authenticated;
  let workflowId = sent.workflowId;
  const claimed = sent.claim
    ? claimOf(deps, authenticated, sent.claim)
    : undefined;
  if (claimed) {
    caller = {
      ...authenticated,
      ref: claimed.caller,
      kind: claimed.caller.startsWith('user:') ? 'user' : 'service',
      group: claimed.group,
    };
    workflowId = claimed.workflowId ?? workflowId;
  }
  if (sent.caller !== undefined && sent.caller !== caller.ref) {
    deps.logger.debug(
      `router call for "${sent.caller}" from ${authenticated.ref} is billed to ${caller.ref}, whom it can verify`,
    );
  }
  return {
    caller,
    context: {
      caller: caller.ref,
      group: caller.group,
      ...(workflowId ? { workflowId } : {}),
      ...(sent.cache !== undefined ? { cache: sent.cache } : {}),
      ...(sent.pin ? { pin: sent.pin } : {}),
    },
  };
}

/** The claim's caller when it counts; undefined (and a warning) when not. */
function claimOf(
  deps: RouterRpcCallerDeps,
  authenticated: GatewayCaller,
  token: string,
) {
  if (
    authenticated.kind !== 'service' ||
    authenticated.ref !== CLAIMING_PRINCIPAL
  ) {
    deps.logger.warn(
      `ignored a caller claim from ${authenticated.ref}: only ${CLAIMING_PRINCIPAL} (the other QuantumLayer roles) may vouch for a caller`,
    );
    return undefined;
  }
  if (!deps.claims) {
    deps.logger.warn(
      'ignored a caller claim: quantumlayer.router.claimSecret is not set on the router role, so the call is billed to plugin:quantumlayer; set the same secret on every role',
    );
    return undefined;
  }
  const verified = deps.claims.verify(token);
  if ('problem' in verified) {
    deps.logger.warn(
      `ignored a ${verified.problem} caller claim from ${authenticated.ref}; the call is billed to it (is quantumlayer.router.claimSecret the same on every role?)`,
    );
    return undefined;
  }
  return verified.claim;
}
