import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authPlugin from '@backstage/plugin-auth-backend';
import request from 'supertest';
import devUsersProvider from '.';

function user(name: string, groups: string[]) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: { displayName: name }, memberOf: groups },
    relations: groups.map(group => ({
      type: 'memberOf',
      targetRef: `group:default/${group}`,
    })),
  };
}

function decodePayload(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('dev-users provider through the auth plugin', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  async function start() {
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        devUsersProvider,
        catalogServiceMock.factory({
          entities: [
            user('alice', ['team-alpha']),
            user('ravi', ['quantumlayer-approvers', 'team-alpha']),
            user('mallory', ['team-alpha']),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: {
              providers: {
                'dev-users': {
                  users: ['user:default/alice', 'user:default/ravi'],
                },
              },
            },
          },
        }),
      ],
    });
    return server;
  }

  it('issues a token whose ent claim holds the catalog groups', async () => {
    process.env.NODE_ENV = 'development';
    const server = await start();

    const res = await request(server)
      .get('/api/auth/dev-users/refresh')
      .set('x-quantumlayer-dev-user', 'ravi');

    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual({ displayName: 'ravi' });
    expect(res.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/ravi',
      ownershipEntityRefs: [
        'user:default/ravi',
        'group:default/quantumlayer-approvers',
        'group:default/team-alpha',
      ],
    });
    // The token carries `sub`; the auth backend leaves `ent` out of it by
    // default (auth.omitIdentityTokenOwnershipClaim) and keeps it in user info.
    expect(decodePayload(res.body.backstageIdentity.token)).toMatchObject({
      sub: 'user:default/ravi',
    });
  });

  it('answers 403 naming the allowed users for anyone else in the catalog', async () => {
    process.env.NODE_ENV = 'development';
    const server = await start();

    const res = await request(server)
      .get('/api/auth/dev-users/refresh')
      .set('x-quantumlayer-dev-user', 'mallory');

    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        '"mallory" is not a development user; use one of alice, ravi (auth.providers.dev-users.users)',
    });
  });

  it('answers 403 outside development', async () => {
    process.env.NODE_ENV = 'production';
    const server = await start();

    const res = await request(server)
      .get('/api/auth/dev-users/refresh')
      .set('x-quantumlayer-dev-user', 'alice');

    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'works only with NODE_ENV=development',
    );
  });
});
