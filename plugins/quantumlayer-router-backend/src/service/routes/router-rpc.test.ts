import {
  AuthService,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  GatewayTestBackend,
  startGatewayTestBackend,
} from '../../__testUtils__/gateway-test-backend';
import {
  CallerClaims,
  RUN_CLAIM_TTL_MS,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import textAnswer from '../../llm/providers/openai/__fixtures__/openai-text.json';

jest.setTimeout(60_000);

/** The development config's static token (app-config.yaml), and its subject. */
const DEV_TOKEN = 'ql-dev-token-do-not-use-in-production';
const DEV_SUBJECT = 'quantumlayer-dev-cli';
const CLAIM_SECRET = 'router-rpc-test-claim-secret-of-forty-characters';

type UsageRow = { key: string | null; requests: number };

/** One router call: `auth` is the Authorization header, `context` the body's. */
function routerCall(
  gateway: GatewayTestBackend,
  auth: string,
  context: object,
  content = 'bill someone else',
) {
  return request(gateway.backend.server)
    .post('/api/quantumlayer-router/v1/router/complete')
    .set('Authorization', auth)
    .send({
      request: { model: 'smart', messages: [{ role: 'user', content }] },
      context,
    });
}

/** The ledger's requests per `groupBy` key, read with `auth`. */
async function usage(
  gateway: GatewayTestBackend,
  auth: string,
  groupBy: 'user' | 'group',
): Promise<Record<string, number>> {
  const res = await request(gateway.backend.server)
    .get(`/api/quantumlayer-router/v1/usage?groupBy=${groupBy}`)
    .set('Authorization', auth);
  expect(res.status).toBe(200);
  return Object.fromEntries(
    (res.body.rows as UsageRow[]).map(r => [String(r.key), r.requests]),
  );
}

describe('router endpoints with Backstage auth: static and plugin tokens', () => {
  let gateway: GatewayTestBackend;
  /** The quantumlayer plugin's own auth service: mints real plugin tokens. */
  let pluginAuth: AuthService;
  const dev = `Bearer ${DEV_TOKEN}`;

  beforeAll(async () => {
    // Stands in for the codegen plugin (`plugin:quantumlayer`), whose
    // service tokens the router trusts with claims.
    const captureAuth = createBackendPlugin({
      pluginId: 'quantumlayer',
      register(env) {
        env.registerInit({
          deps: { auth: coreServices.auth },
          async init({ auth }) {
            pluginAuth = auth;
          },
        });
      },
    });
    gateway = await startGatewayTestBackend(
      [authServiceFactory, httpAuthServiceFactory, captureAuth],
      {
        router: { claimSecret: CLAIM_SECRET },
        config: {
          backend: {
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token: DEV_TOKEN, subject: DEV_SUBJECT },
                },
              ],
            },
          },
        },
      },
    );
  });

  afterAll(() => gateway?.stop());

  beforeEach(() => {
    gateway.upstream.reply({ type: 'json', body: textAnswer });
  });

  /** What another QuantumLayer role sends: this plugin's own service token. */
  const ownRole = async () =>
    `Bearer ${
      (
        await pluginAuth.getPluginRequestToken({
          onBehalfOf: await pluginAuth.getOwnServiceCredentials(),
          targetPluginId: 'quantumlayer-router',
        })
      ).token
    }`;

  it('bills a spoofed context.caller to the verified caller (finding 6)', async () => {
    const call = await routerCall(gateway, dev, {
      caller: 'user:default/spoof-probe',
      group: 'group:default/team-a',
    });
    expect(call.status).toBe(200);
    const byUser = await usage(gateway, dev, 'user');
    expect(byUser[DEV_SUBJECT]).toBe(1);
    expect(byUser['user:default/spoof-probe']).toBeUndefined();
    const byGroup = await usage(gateway, dev, 'group');
    expect(byGroup['group:default/team-a']).toBeUndefined();
  });

  it("bills a run's claim to its starter only when another QuantumLayer role sends it (finding 6)", async () => {
    const claim = new CallerClaims(CLAIM_SECRET).sign(
      {
        caller: 'user:default/starter',
        group: 'group:default/team-b',
        workflowId: 'ql-run-1',
      },
      RUN_CLAIM_TTL_MS,
    );
    const worker = await ownRole();
    const sent = { caller: 'user:default/starter', claim };
    expect(
      (await routerCall(gateway, worker, sent, 'from the run')).status,
    ).toBe(200);
    // The same claim from the static token is not believed.
    expect((await routerCall(gateway, dev, sent, 'stolen claim')).status).toBe(
      200,
    );
    // Nor one signed with another secret.
    const forged = new CallerClaims(`${CLAIM_SECRET}-but-not-this-one`).sign(
      { caller: 'user:default/victim', group: 'group:default/team-a' },
      RUN_CLAIM_TTL_MS,
    );
    expect(
      (
        await routerCall(
          gateway,
          worker,
          { caller: 'user:default/victim', claim: forged },
          'forged claim',
        )
      ).status,
    ).toBe(200);

    const byUser = await usage(gateway, dev, 'user');
    expect(byUser['user:default/starter']).toBe(1);
    expect(byUser['user:default/victim']).toBeUndefined();
    expect(byUser['plugin:quantumlayer']).toBe(1);
    expect(byUser[DEV_SUBJECT]).toBe(2);
    const byGroup = await usage(gateway, dev, 'group');
    expect(byGroup['group:default/team-b']).toBe(1);
    expect(byGroup['group:default/team-a']).toBeUndefined();
  });

  it('takes request labels within bounds and refuses too many, naming the field', async () => {
    const labels = (count: number) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => [`label.${i}`, 'x']),
      );
    const send = (metadata: object) =>
      request(gateway.backend.server)
        .post('/api/quantumlayer-router/v1/router/complete')
        .set('Authorization', dev)
        .send({
          request: {
            model: 'smart',
            messages: [{ role: 'user', content: 'labelled' }],
            metadata,
          },
          context: {},
        });
    const ok = await send(labels(16));
    expect(ok.status).toBe(200);
    expect(ok.body.text).toBe(textAnswer.choices[0].message.content);
    const tooMany = await send(labels(17));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/metadata.*at most 16 labels/);
    const notText = await send({ 'codegen.kind': 7 });
    expect(notText.status).toBe(400);
    expect(notText.body.error.message).toMatch(/metadata/);
  });
});

describe('router endpoints on behalf of a user (token exchange)', () => {
  let gateway: GatewayTestBackend;

  beforeAll(async () => {
    gateway = await startGatewayTestBackend();
  });

  afterAll(() => gateway?.stop());

  beforeEach(() => {
    gateway.upstream.reply({ type: 'json', body: textAnswer });
  });

  it('bills a user on whose behalf a plugin calls as that user, with their catalog group (finding 6)', async () => {
    // What Backstage's getPluginRequestToken({ onBehalfOf: user }) yields:
    // a user principal with the calling plugin as its actor.
    const onBehalf = `Bearer ${mockCredentials.user.token('user:default/mock', {
      actor: { subject: 'plugin:quantumlayer' },
    })}`;
    const call = await routerCall(gateway, onBehalf, {
      caller: 'user:default/spoof-probe',
      group: 'group:default/other',
    });
    expect(call.status).toBe(200);
    const admin = mockCredentials.user.header();
    const byUser = await usage(gateway, admin, 'user');
    expect(byUser).toEqual({ 'user:default/mock': 1 });
    const byGroup = await usage(gateway, admin, 'group');
    expect(byGroup).toEqual({ 'group:default/team-a': 1 });

    // A user's own token is not for these endpoints.
    const direct = await routerCall(gateway, mockCredentials.user.header(), {});
    expect(direct.status).toBe(403);
  });
});
