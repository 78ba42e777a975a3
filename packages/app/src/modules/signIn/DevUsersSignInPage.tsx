import { ComponentType, useMemo, useState } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  Content,
  ErrorPanel,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
  SignInPage,
  coreComponentsTranslationRef,
} from '@backstage/core-components';
import {
  configApiRef,
  useApi,
  useTranslationRef,
  type IdentityApi,
} from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';

/** The header the backend's dev-users provider reads the user from. */
export const DEV_USER_HEADER = 'x-quantumlayer-dev-user';
/** Remembers the choice (`guest` or a user ref) so a reload signs in again. */
export const SIGN_IN_STORAGE_KEY = '@internal/quantumlayer:sign-in';

const GUEST = 'guest';

const useStyles = makeStyles({
  container: { padding: 0, listStyle: 'none' },
  item: {
    display: 'flex',
    flexDirection: 'column',
    width: '100%',
    maxWidth: '400px',
    margin: 0,
    padding: 0,
  },
});

/** `user:default/alice` → `alice`; other namespaces keep theirs. */
function userName(userEntityRef: string): string {
  const [, namespace = 'default', name = userEntityRef] =
    /^(?:[^:/]+:)?(?:([^:/]+)\/)?([^:/]+)$/.exec(userEntityRef) ?? [];
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/** The backend's message, which says what to do; ResponseError keeps it in `cause`. */
function reason(error?: Error): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof Error ? `: ${cause.message}` : '';
}

/** Clears the remembered choice on sign-out, so the cards show again. */
function forgetOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      localStorage.removeItem(SIGN_IN_STORAGE_KEY);
      await identity.signOut();
    },
  };
}

function Card(props: {
  title: string;
  text: string;
  action: string;
  onClick(): void;
}) {
  const classes = useStyles();
  return (
    <Grid component="li" item classes={{ item: classes.item }}>
      <InfoCard
        title={props.title}
        variant="fullHeight"
        actions={
          <Button color="primary" variant="outlined" onClick={props.onClick}>
            {props.action}
          </Button>
        }
      >
        <Typography variant="body1" style={{ whiteSpace: 'pre-line' }}>
          {props.text}
        </Typography>
      </InfoCard>
    </Grid>
  );
}

/** Signs in with the remembered choice; on failure offers the cards again. */
function RememberedSignIn(props: {
  choice: string;
  onSignInSuccess(identity: IdentityApi): void;
  onBack(): void;
}) {
  const { choice, onSignInSuccess, onBack } = props;
  const asGuest = choice === GUEST;
  const ErrorComponent: ComponentType<{ error?: Error }> = useMemo(
    () =>
      ({ error }) =>
        (
          <Content>
            <ErrorPanel
              title={`Could not sign in as ${
                asGuest ? 'guest' : choice
              }${reason(error)}`}
              error={error ?? new Error('Sign-in failed')}
            />
            <Button color="primary" variant="outlined" onClick={onBack}>
              Choose another user
            </Button>
          </Content>
        ),
    [asGuest, choice, onBack],
  );
  return (
    <ProxiedSignInPage
      provider={asGuest ? 'guest' : 'dev-users'}
      headers={asGuest ? undefined : { [DEV_USER_HEADER]: choice }}
      onSignInSuccess={identity => onSignInSuccess(forgetOnSignOut(identity))}
      ErrorComponent={ErrorComponent}
    />
  );
}

/**
 * The portal's sign-in page: the Guest card, plus one card per development
 * user listed in `auth.providers.dev-users.users`, each signing in through
 * the backend's `dev-users` provider with the `x-quantumlayer-dev-user`
 * header. The choice is kept in local storage, so a reload restores the
 * session like the upstream guest card does. With no users configured this
 * is the upstream page with the Guest card only.
 */
export function DevUsersSignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const { t } = useTranslationRef(coreComponentsTranslationRef);
  const classes = useStyles();
  const users =
    configApi.getOptionalStringArray('auth.providers.dev-users.users') ?? [];
  const [choice, setChoice] = useState(() => {
    const stored = localStorage.getItem(SIGN_IN_STORAGE_KEY);
    return stored === GUEST || users.includes(stored ?? '') ? stored : null;
  });

  if (users.length === 0) {
    return (
      <SignInPage
        onSignInSuccess={props.onSignInSuccess}
        providers={['guest']}
      />
    );
  }

  const choose = (value: string | null) => {
    if (value) localStorage.setItem(SIGN_IN_STORAGE_KEY, value);
    else localStorage.removeItem(SIGN_IN_STORAGE_KEY);
    setChoice(value);
  };

  if (choice) {
    return (
      <RememberedSignIn
        key={choice}
        choice={choice}
        onSignInSuccess={props.onSignInSuccess}
        onBack={() => choose(null)}
      />
    );
  }

  return (
    <Page themeId="home">
      <Header title={configApi.getString('app.title')} />
      <Content>
        <Grid
          container
          component="ul"
          spacing={2}
          classes={{ container: classes.container }}
        >
          <Card
            title={t('signIn.guestProvider.title')}
            text={t('signIn.guestProvider.subtitle')}
            action={t('signIn.guestProvider.enter')}
            onClick={() => choose(GUEST)}
          />
          {users.map(userEntityRef => (
            <Card
              key={userEntityRef}
              title={userName(userEntityRef)}
              text={`Development user ${userEntityRef}, with its catalog groups.\nOnly for trying permissions; works with NODE_ENV=development.`}
              action={`Sign in as ${userName(userEntityRef)}`}
              onClick={() => choose(userEntityRef)}
            />
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
