import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { quantumlayerRouterUsePermission } from '@internal/backstage-plugin-quantumlayer-common';
import type { IncomingMessage } from 'http';
import type { CallContext } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { GroupDirectory } from '@internal/backstage-plugin-quantumlayer-node';
import { LRUCache } from 'lru-cache';

/** Who called the gateway, as the router bills and routes them. */
export interface GatewayCaller {
  credentials: BackstageCredentials;
  /** `user:default/jane`, or a service subject such as `external:ci-bot`. */
  ref: string;
  kind: 'user' | 'service';
  group?: string;
  mayOverride: boolean;
}

/** How long a token's credentials and an allow decision are remembered. */
const REMEMBER_MS = 30_000;

/**
 * Authenticates gateway requests the way the vendor SDKs send keys
 * (`Authorization: Bearer <token>` for OpenAI, `x-api-key` for Anthropic),
 * with a Backstage user, service or static token as the key; checks
 * `quantumlayer.router.use`; and finds the caller's owning group.
 */
export class GatewayCallers {
  private readonly decisions = new LRUCache<string, boolean>({
    max: 10_000,
    ttl: REMEMBER_MS,
  });
  private readonly overrideAllowed: string[];
  private readonly tokens = new LRUCache<string, BackstageCredentials>({
    max: 10_000,
    ttl: REMEMBER_MS,
  });

  constructor(
    private readonly deps: {
      auth: AuthService;
      permissions: PermissionsService;
      groups: GroupDirectory;
      config: Config;
      logger: LoggerService;
    },
  ) {
    this.overrideAllowed = deps.config.getOptionalStringArray(
      'quantumlayer.router.overrideAllowed',
    ) ?? ['service'];
  }

  async identify(req: IncomingMessage): Promise<GatewayCaller> {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ')
      ? header.slice(7).trim()
      : (req.headers['x-api-key'] as string | undefined)?.trim();
    if (!token) {
      throw new AuthenticationError(
        'missing credentials: send a Backstage token as the API key (Authorization: Bearer <token> or x-api-key)',
      );
    }
    const credentials = await this.authenticate(token);
    return this.callerOf(
      credentials,
      req.headers['x-quantumlayer-group'] as string | undefined,
    );
  }

  /**
   * The caller that `credentials` name, once allowed
   * `quantumlayer.router.use`: a user is billed to their catalog group, a
   * service to `serviceGroup` (the gateway's `x-quantumlayer-group`).
   */
  async callerOf(
    credentials: BackstageCredentials,
    serviceGroup?: string,
  ): Promise<GatewayCaller> {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    if (principal.type !== 'user' && principal.type !== 'service') {
      throw new NotAllowedError(
        `not allowed: ${quantumlayerRouterUsePermission.name} needs a user or service identity`,
      );
    }
    const kind = principal.type === 'user' ? 'user' : 'service';
    const ref =
      kind === 'user'
        ? principal.userEntityRef!
        : principal.subject ?? 'service';
    await this.authorize(ref, credentials);
    const group =
      kind === 'user' ? await this.deps.groups.groupOf(ref) : serviceGroup;
    return {
      credentials,
      ref,
      kind,
      group,
      mayOverride:
        this.overrideAllowed.includes(kind) ||
        this.overrideAllowed.includes(ref),
    };
  }

  /** The router's call context: pin (when allowed) and cache opt-out from headers. */
  callContext(caller: GatewayCaller, req: IncomingMessage): CallContext {
    const route = req.headers['x-quantumlayer-route'] as string | undefined;
    let pin: CallContext['pin'];
    if (route) {
      if (!caller.mayOverride) {
        throw new NotAllowedError(
          `${caller.ref} may not pick a provider with x-quantumlayer-route; see quantumlayer.router.overrideAllowed`,
        );
      }
      const slash = route.indexOf('/');
      if (slash <= 0 || slash === route.length - 1) {
        throw new InputError(
          `x-quantumlayer-route "${route}" must be <provider>/<model>`,
        );
      }
      pin = { provider: route.slice(0, slash), model: route.slice(slash + 1) };
    }
    const cacheHeader = `${req.headers['cache-control'] ?? ''} ${
      req.headers['x-quantumlayer-cache'] ?? ''
    }`;
    return {
      caller: caller.ref,
      group: caller.group,
      pin,
      cache: !/no-cache|no-store|\boff\b/.test(cacheHeader),
    };
  }

  /**
   * Backstage's authenticate, remembered per token for up to 30 s (never past
   * a JWT's own expiry): static tokens are not JWTs, and working that out
   * again on every call costs more than the rest of the request's auth.
   */
  private async authenticate(token: string): Promise<BackstageCredentials> {
    const known = this.tokens.get(token);
    if (known) return known;
    const credentials = await this.deps.auth.authenticate(token);
    const expiry = jwtExpiry(token);
    const left = expiry === undefined ? REMEMBER_MS : expiry - Date.now();
    // A ttl of 0 would mean "forever" to lru-cache: an expired JWT is not kept.
    if (left > 0)
      this.tokens.set(token, credentials, {
        ttl: Math.min(left, REMEMBER_MS),
      });
    return credentials;
  }

  private async authorize(ref: string, credentials: BackstageCredentials) {
    if (this.decisions.get(ref)) return;
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: quantumlayerRouterUsePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `not allowed: ${quantumlayerRouterUsePermission.name}`,
      );
    }
    // Only allows are remembered, so a grant takes effect at once.
    this.decisions.set(ref, true);
  }
}

/** A JWT's `exp` in ms, or undefined for opaque tokens. */
function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const exp = JSON.parse(
      Buffer.from(parts[1], 'base64url').toString('utf8'),
    ).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
