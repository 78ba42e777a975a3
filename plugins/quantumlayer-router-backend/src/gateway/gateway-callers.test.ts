import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  type DefinitivePolicyDecision,
} from '@backstage/plugin-permission-common';
import type { IncomingMessage } from 'http';
import { GroupDirectory } from '@internal/backstage-plugin-quantumlayer-node';
import { GatewayCallers } from './gateway-callers';

/** A JWT-shaped token whose payload has `exp` (seconds); the signature is not read here. */
function jwt(exp: number, subject: string) {
  const part = (o: object) =>
    Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ exp, sub: subject })}.sig`;
}

function setup(decide: () => AuthorizeResult) {
  const tokensSeen: string[] = [];
  const auth: Partial<AuthService> = {
    // Each token names its own service principal, as Backstage's would.
    authenticate: async (token: string) => {
      tokensSeen.push(token);
      return mockCredentials.service(
        `external:${token.slice(-12)}`,
      ) as BackstageCredentials<any>;
    },
  };
  const permissions: Partial<PermissionsService> = {
    authorize: async requests =>
      requests.map(() => ({ result: decide() } as DefinitivePolicyDecision)),
  };
  const logger = mockServices.logger.mock();
  const callers = new GatewayCallers({
    auth: auth as AuthService,
    permissions: permissions as PermissionsService,
    groups: new GroupDirectory({ auth: auth as AuthService, logger }),
    config: new ConfigReader({}),
    logger,
  });
  const request = (token: string) =>
    ({ headers: { authorization: `Bearer ${token}` } } as IncomingMessage);
  return { callers, request, tokensSeen };
}

describe('GatewayCallers', () => {
  it('remembers a token for up to 30 s, but never an expired JWT', async () => {
    const { callers, request, tokensSeen } = setup(() => AuthorizeResult.ALLOW);
    const staticToken = 'static-token-0123456789abcdef';
    const first = await callers.identify(request(staticToken));
    const again = await callers.identify(request(staticToken));
    expect(again.ref).toBe(first.ref);
    expect(first).toMatchObject({ kind: 'service', mayOverride: true });
    expect(tokensSeen).toEqual([staticToken]);

    const expired = jwt(Math.floor(Date.now() / 1000) - 60, 'old');
    await callers.identify(request(expired));
    await callers.identify(request(expired));
    expect(tokensSeen.filter(t => t === expired)).toHaveLength(2);

    const fresh = jwt(Math.floor(Date.now() / 1000) + 3600, 'new');
    await callers.identify(request(fresh));
    await callers.identify(request(fresh));
    expect(tokensSeen.filter(t => t === fresh)).toHaveLength(1);
  });

  it('remembers only allows, so a new grant takes effect at once', async () => {
    let result: AuthorizeResult = AuthorizeResult.DENY;
    const { callers, request } = setup(() => result);
    const token = 'static-token-grant-later-01';
    await expect(callers.identify(request(token))).rejects.toThrow(
      /not allowed: quantumlayer\.router\.use/,
    );
    result = AuthorizeResult.ALLOW;
    await expect(callers.identify(request(token))).resolves.toMatchObject({
      kind: 'service',
    });
    // Once allowed, a later deny is not asked within the 30 s.
    result = AuthorizeResult.DENY;
    await expect(callers.identify(request(token))).resolves.toMatchObject({
      kind: 'service',
    });
  });

  it('rejects a request without a key, naming both headers', async () => {
    const { callers } = setup(() => AuthorizeResult.ALLOW);
    await expect(
      callers.identify({ headers: {} } as IncomingMessage),
    ).rejects.toThrow(/Authorization: Bearer <token> or x-api-key/);
  });
});
