import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { IdentityApi } from '@backstage/frontend-plugin-api';
import {
  DEV_USER_HEADER,
  DevUsersSignInPage,
  SIGN_IN_STORAGE_KEY,
} from './DevUsersSignInPage';

const users = ['user:default/alice', 'user:default/bob'];

function config(devUsers?: string[]) {
  return {
    app: { title: 'QuantumLayer Portal' },
    backend: { baseUrl: 'http://localhost:7007' },
    ...(devUsers && {
      auth: { providers: { 'dev-users': { users: devUsers } } },
    }),
  };
}

function session(userEntityRef: string) {
  // A token whose payload has no exp: the identity keeps it for 5 minutes.
  const payload = btoa(JSON.stringify({ sub: userEntityRef }));
  return {
    profile: { displayName: userEntityRef },
    backstageIdentity: {
      token: `header.${payload}.signature`,
      identity: {
        type: 'user',
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, 'group:default/team-alpha'],
      },
    },
  };
}

function jsonResponse(status: number, body: unknown) {
  return {
    ok: status < 400,
    status,
    statusText: status < 400 ? 'OK' : 'Forbidden',
    headers: { get: () => 'application/json' },
    json: async () => body,
    text: async () => JSON.stringify(body),
  };
}

/** The URL and headers of each refresh call. */
let calls: Array<{ url: string; headers: Headers }>;
let respond: (url: string, headers: Headers) => ReturnType<typeof jsonResponse>;

beforeEach(() => {
  localStorage.clear();
  calls = [];
  respond = (_url, headers) =>
    jsonResponse(
      200,
      session(headers.get(DEV_USER_HEADER) ?? 'user:development/guest'),
    );
  global.fetch = jest.fn(async (url: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    calls.push({ url, headers });
    return respond(url, headers);
  }) as unknown as typeof fetch;
});

function render(devUsers?: string[]) {
  const onSignInSuccess = jest.fn<void, [IdentityApi]>();
  renderInTestApp(<DevUsersSignInPage onSignInSuccess={onSignInSuccess} />, {
    config: config(devUsers),
  });
  return onSignInSuccess;
}

describe('DevUsersSignInPage', () => {
  it('shows only the Guest card when no dev users are configured', async () => {
    render();
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText(/Sign in as/)).not.toBeInTheDocument();
  });

  it('shows the Guest card and one card per dev user', async () => {
    render(users);
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in as alice' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in as bob' }),
    ).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it('signs in through the dev-users provider with the header', async () => {
    const onSignInSuccess = render(users);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sign in as alice' }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(
      'http://localhost:7007/api/auth/dev-users/refresh',
    );
    expect(calls[0].headers.get(DEV_USER_HEADER)).toBe('user:default/alice');
    const identity = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toEqual({
      type: 'user',
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: ['user:default/alice', 'group:default/team-alpha'],
    });
    expect(localStorage.getItem(SIGN_IN_STORAGE_KEY)).toBe(
      'user:default/alice',
    );

    await identity.signOut();
    expect(localStorage.getItem(SIGN_IN_STORAGE_KEY)).toBeNull();
  });

  it('signs in as guest through the guest provider without the header', async () => {
    const onSignInSuccess = render(users);
    fireEvent.click(await screen.findByRole('button', { name: 'Enter' }));

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(calls[0].url).toBe('http://localhost:7007/api/auth/guest/refresh');
    expect(calls[0].headers.has(DEV_USER_HEADER)).toBe(false);
  });

  it('restores the remembered user on reload without a click', async () => {
    localStorage.setItem(SIGN_IN_STORAGE_KEY, 'user:default/bob');
    const onSignInSuccess = render(users);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(calls[0].headers.get(DEV_USER_HEADER)).toBe('user:default/bob');
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });

  it('ignores a remembered user that is no longer configured', async () => {
    localStorage.setItem(SIGN_IN_STORAGE_KEY, 'user:default/mallory');
    render(users);
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it('shows the backend error and lets one choose another user', async () => {
    respond = () =>
      jsonResponse(403, {
        error: {
          name: 'NotAllowedError',
          message: '"bob" is not a development user; use one of alice',
        },
        request: { method: 'GET', url: '/api/auth/dev-users/refresh' },
        response: { statusCode: 403 },
      });
    const onSignInSuccess = render(users);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sign in as bob' }),
    );

    expect(
      await screen.findByText(
        'Error: Could not sign in as user:default/bob: "bob" is not a development user; use one of alice',
      ),
    ).toBeInTheDocument();
    expect(onSignInSuccess).not.toHaveBeenCalled();

    fireEvent.click(
      screen.getByRole('button', { name: 'Choose another user' }),
    );
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(localStorage.getItem(SIGN_IN_STORAGE_KEY)).toBeNull();
  });
});
