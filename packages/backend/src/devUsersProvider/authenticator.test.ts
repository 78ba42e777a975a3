import { ConfigReader } from '@backstage/config';
import type { AuthResolverContext } from '@backstage/plugin-auth-node';
import type { Request } from 'express';
import { DEV_USER_HEADER, devUsersAuthenticator } from './authenticator';
import { signInAsDevUser } from './resolver';

const users = ['user:default/alice', 'user:default/bob', 'user:ops/ada'];

function request(headers: Record<string, string>): Request {
  return {
    header: (name: string) => headers[name.toLocaleLowerCase('en-US')],
  } as unknown as Request;
}

function initialize(extra: object = {}) {
  return devUsersAuthenticator.initialize({
    config: new ConfigReader({ users, ...extra }),
  });
}

function authenticate(headers: Record<string, string>, extra: object = {}) {
  return devUsersAuthenticator.authenticate(
    { req: request(headers) },
    initialize(extra),
  );
}

describe('devUsersAuthenticator', () => {
  const nodeEnv = process.env.NODE_ENV;
  beforeEach(() => {
    process.env.NODE_ENV = 'development';
  });
  afterAll(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it.each([
    ['alice', 'user:default/alice'],
    ['user:default/bob', 'user:default/bob'],
    ['Alice', 'user:default/alice'],
    ['ops/ada', 'user:ops/ada'],
  ])('signs in an allowed user named %s', async (value, userEntityRef) => {
    await expect(authenticate({ [DEV_USER_HEADER]: value })).resolves.toEqual({
      result: { userEntityRef },
    });
  });

  it('refuses an unknown user and names the allowed ones', async () => {
    await expect(
      authenticate({ [DEV_USER_HEADER]: 'mallory' }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        '"mallory" is not a development user; use one of alice, bob, ops/ada (auth.providers.dev-users.users)',
    });
  });

  it('refuses a group or another kind', async () => {
    await expect(
      authenticate({ [DEV_USER_HEADER]: 'group:default/alice' }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('use one of alice, bob, ops/ada'),
    });
  });

  it('asks for the header when it is missing', async () => {
    await expect(authenticate({})).rejects.toMatchObject({
      name: 'InputError',
      message: `Missing the ${DEV_USER_HEADER} header; set it to one of alice, bob, ops/ada`,
    });
  });

  it('allows nobody when no users are configured', async () => {
    await expect(
      devUsersAuthenticator.authenticate(
        { req: request({ [DEV_USER_HEADER]: 'alice' }) },
        devUsersAuthenticator.initialize({ config: new ConfigReader({}) }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'auth.providers.dev-users.users is empty',
      ),
    });
  });

  it.each(['production', 'test'])(
    'is disabled with NODE_ENV=%s, even for an allowed user',
    async nodeEnvValue => {
      process.env.NODE_ENV = nodeEnvValue;
      await expect(
        authenticate({ [DEV_USER_HEADER]: 'alice' }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          'works only with NODE_ENV=development',
        ),
      });
    },
  );

  it('works outside development only with dangerouslyAllowOutsideDevelopment', async () => {
    process.env.NODE_ENV = 'production';
    await expect(
      authenticate(
        { [DEV_USER_HEADER]: 'alice' },
        { dangerouslyAllowOutsideDevelopment: true },
      ),
    ).resolves.toEqual({ result: { userEntityRef: 'user:default/alice' } });
  });

  it('rejects a configured ref that is not a user', () => {
    expect(() =>
      devUsersAuthenticator.initialize({
        config: new ConfigReader({ users: ['group:default/team-alpha'] }),
      }),
    ).toThrow(
      'auth.providers.dev-users.users: "group:default/team-alpha" is not a user entity ref such as user:default/alice',
    );
  });
});

describe('profile and sign-in', () => {
  const alice = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { profile: { displayName: 'Alice', email: 'alice@example.com' } },
  };

  it('takes the profile from the catalog user', async () => {
    const findCatalogUser = jest.fn(async () => ({ entity: alice }));
    const ctx = { findCatalogUser } as unknown as AuthResolverContext;
    await expect(
      devUsersAuthenticator.defaultProfileTransform(
        { userEntityRef: 'user:default/alice' },
        ctx,
      ),
    ).resolves.toEqual({
      profile: {
        displayName: 'Alice',
        email: 'alice@example.com',
        picture: undefined,
      },
    });
  });

  it('says how to fix a listed user missing from the catalog', async () => {
    const notFound = Object.assign(new Error('User not found'), {
      name: 'NotFoundError',
    });
    const ctx = {
      findCatalogUser: async () => {
        throw notFound;
      },
    } as unknown as AuthResolverContext;
    await expect(
      devUsersAuthenticator.defaultProfileTransform(
        { userEntityRef: 'user:default/zed' },
        ctx,
      ),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining(
        'user:default/zed is listed in auth.providers.dev-users.users but is not in the catalog',
      ),
    });
  });

  it('signs in through the catalog, so ownership comes from memberships', async () => {
    const issued = { token: 'a-token' };
    const signInWithCatalogUser = jest.fn(async () => issued);
    const ctx = { signInWithCatalogUser } as unknown as AuthResolverContext;
    await expect(
      signInAsDevUser(
        {
          result: { userEntityRef: 'user:default/alice' },
          profile: {},
        },
        ctx,
      ),
    ).resolves.toBe(issued);
    expect(signInWithCatalogUser).toHaveBeenCalledWith({
      entityRef: 'user:default/alice',
    });
  });
});
