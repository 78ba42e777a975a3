import { Config } from '@backstage/config';
import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ForwardedError,
  InputError,
  isError,
  NotAllowedError,
} from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';

/** The request header naming the user to sign in as. */
export const DEV_USER_HEADER = 'x-quantumlayer-dev-user';

/** What the authenticator hands the profile transform and the resolver. */
export type DevUserResult = {
  /** The allowed user, e.g. `user:default/alice`. */
  userEntityRef: string;
};

type DevUsersContext = {
  /** Set outside NODE_ENV=development unless explicitly allowed. */
  disabled: boolean;
  /** Normalised `user:<namespace>/<name>` refs from config. */
  users: string[];
};

function toUserRef(value: string): CompoundEntityRef {
  const ref = parseEntityRef(value.trim(), {
    defaultKind: 'user',
    defaultNamespace: DEFAULT_NAMESPACE,
  });
  if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new InputError(`"${value}" is not a user entity ref`);
  }
  return ref;
}

function normalize(ref: CompoundEntityRef): string {
  return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
}

/** How the header names a user: `alice`, or `ns/alice` outside default. */
function shortName(userRef: string): string {
  const { namespace, name } = parseEntityRef(userRef);
  return namespace === DEFAULT_NAMESPACE ? name : `${namespace}/${name}`;
}

function allowedList(users: string[]): string {
  return users.length
    ? users.map(shortName).join(', ')
    : '(none: auth.providers.dev-users.users is empty)';
}

function readUsers(config: Config): string[] {
  return (config.getOptionalStringArray('users') ?? []).map(value => {
    try {
      return normalize(toUserRef(value));
    } catch (error) {
      throw new ForwardedError(
        `auth.providers.dev-users.users: "${value}" is not a user entity ref such as user:default/alice`,
        error,
      );
    }
  });
}

/**
 * Signs in as the catalog user named by the `x-quantumlayer-dev-user` header,
 * if `auth.providers.dev-users.users` lists it. Like the guest provider it
 * refuses to work unless NODE_ENV=development, or
 * `dangerouslyAllowOutsideDevelopment` is set.
 */
export const devUsersAuthenticator = createProxyAuthenticator<
  DevUsersContext,
  DevUserResult,
  undefined
>({
  async defaultProfileTransform({ userEntityRef }, ctx) {
    let entity;
    try {
      ({ entity } = await ctx.findCatalogUser({ entityRef: userEntityRef }));
    } catch (error) {
      if (!isError(error) || error.name !== 'NotFoundError') throw error;
      throw new ForwardedError(
        `${userEntityRef} is listed in auth.providers.dev-users.users but is not in the catalog; add it to examples/org.yaml, or wait for the catalog's first processing round after start-up`,
        error,
      );
    }
    const profile = (entity.spec?.profile ?? {}) as {
      displayName?: string;
      email?: string;
      picture?: string;
    };
    return {
      profile: {
        displayName: profile.displayName ?? entity.metadata.name,
        email: profile.email,
        picture: profile.picture,
      },
    };
  },

  initialize({ config }) {
    const allowOutsideDev =
      config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') === true;
    return {
      disabled: process.env.NODE_ENV !== 'development' && !allowOutsideDev,
      users: readUsers(config),
    };
  },

  async authenticate({ req }, { disabled, users }) {
    if (disabled) {
      throw new NotAllowedError(
        "The dev-users provider works only with NODE_ENV=development (unless 'auth.providers.dev-users.dangerouslyAllowOutsideDevelopment' is enabled); sign in with a real provider instead",
      );
    }
    const requested = req.header(DEV_USER_HEADER);
    if (!requested) {
      throw new InputError(
        `Missing the ${DEV_USER_HEADER} header; set it to one of ${allowedList(
          users,
        )}`,
      );
    }
    let userEntityRef: string;
    try {
      userEntityRef = normalize(toUserRef(requested));
    } catch {
      throw new InputError(
        `${DEV_USER_HEADER}: "${requested}" is not a user name; use one of ${allowedList(
          users,
        )}`,
      );
    }
    if (!users.includes(userEntityRef)) {
      throw new NotAllowedError(
        `"${requested}" is not a development user; use one of ${allowedList(
          users,
        )} (auth.providers.dev-users.users)`,
      );
    }
    return { result: { userEntityRef } };
  },
});
