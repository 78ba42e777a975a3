import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { capturingAuditor } from './capturing-auditor';
import { catalogWithMockUser } from './catalog-user';

/** Which permissions the test policy refuses to whom: user entity ref to permission names. */
export type DeniedPermissions = Record<string, string[]>;

const refRef = (credentials?: BackstageCredentials) =>
  (credentials?.principal as { userEntityRef?: string } | undefined)
    ?.userEntityRef ?? '';

/**
 * `features` (the plugins) on a test backend whose actions registry is the registry test
 * mock (`invoke({ id: 'test:<name>', input, credentials })`), with a
 * capturing auditor and a policy that allows everything except what
 * `denied` lists. `config` is the root config's data.
 */
export async function startActionsBackend(options: {
  /** The plugins whose actions are tested. */
  features: BackendFeature[];
  config: NonNullable<
    NonNullable<Parameters<typeof mockServices.rootConfig.factory>[0]>['data']
  >;
  denied?: DeniedPermissions;
}) {
  const registry = actionsRegistryServiceMock();
  const auditor = capturingAuditor();
  const decide = (
    credentials: BackstageCredentials | undefined,
    name: string,
  ) =>
    options.denied?.[refRef(credentials)]?.includes(name)
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  const backend = await startTestBackend({
    features: [
      ...options.features,
      catalogWithMockUser('codegen'),
      auditor.factory,
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => registry,
      }),
      mockServices.permissions.mock({
        authorize: async (requests, opts) =>
          requests.map(r => ({
            result: decide(opts?.credentials, r.permission.name),
          })) as any,
        authorizeConditional: async (requests, opts) =>
          requests.map(r => ({
            result: decide(opts?.credentials, r.permission.name),
          })) as any,
      }).factory,
      mockServices.rootConfig.factory({ data: options.config }),
    ],
  });
  return {
    backend,
    registry,
    /** Every audit event the plugins reported. */
    events: auditor.events,
    /** Invokes `quantumlayer:<name>` (the mock registers it as `test:<name>`). */
    invoke: (
      name: string,
      input: Record<string, unknown>,
      credentials?: BackstageCredentials,
    ) =>
      registry.invoke({ id: `test:${name}`, input: input as any, credentials }),
  };
}
