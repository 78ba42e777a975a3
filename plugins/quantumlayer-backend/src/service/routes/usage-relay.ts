import type {
  AuthService,
  DiscoveryService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { ROUTER_SERVICE_ID } from '@internal/backstage-plugin-quantumlayer-router-node';
import type express from 'express';

/**
 * `GET /v1/usage`, relayed to the router plugin (found through discovery,
 * in this backend or the router role's): the portal asks this plugin, and
 * the router answers from its ledger as the caller. A user's call goes on
 * their behalf (Backstage's token exchange), so the router applies
 * `quantumlayer.llm.usage.read` to them; a service's goes as this plugin.
 */
export function addUsageRelayRoutes(
  router: express.Router,
  ctx: {
    httpAuth: HttpAuthService;
    auth: AuthService;
    discovery: DiscoveryService;
  },
) {
  router.get('/v1/usage', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const user = ctx.auth.isPrincipal(credentials, 'user');
    const { token } = await ctx.auth.getPluginRequestToken({
      onBehalfOf: user
        ? credentials
        : await ctx.auth.getOwnServiceCredentials(),
      targetPluginId: ROUTER_SERVICE_ID,
    });
    const base = await ctx.discovery.getBaseUrl(ROUTER_SERVICE_ID);
    const query = req.originalUrl.includes('?')
      ? req.originalUrl.slice(req.originalUrl.indexOf('?'))
      : '';
    const answer = await fetch(`${base}/v1/usage${query}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    res
      .status(answer.status)
      .type(answer.headers.get('content-type') ?? 'application/json')
      .send(await answer.text());
  });
}
