import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import quantumlayerFeatures from '@internal/backstage-plugin-quantumlayer-backend';
import { EXAMPLE_GENERATE_REQUEST } from '@internal/backstage-plugin-quantumlayer-common';
import { QuantumlayerApiClient } from '../client/QuantumlayerApiClient';
import { createGenerateAction } from './generate';
import quantumlayerRouterFeatures from '@internal/backstage-plugin-quantumlayer-router-backend';

jest.setTimeout(60_000);

const jane = 'user:default/jane';

/** A policy that refuses jane every QuantumLayer permission, and allows the rest. */
const permissions = mockServices.permissions.mock({
  authorize: async (requests, { credentials }) =>
    requests.map(() => ({
      result:
        (credentials.principal as { userEntityRef?: string }).userEntityRef ===
        jane
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
});

let backend: Awaited<ReturnType<typeof startTestBackend>>;

beforeAll(async () => {
  backend = await startTestBackend({
    features: [
      quantumlayerFeatures,
      quantumlayerRouterFeatures,
      permissions.factory,
      mockServices.rootConfig.factory({
        data: {
          // No Temporal: a refused start never reaches it.
          quantumlayer: {
            temporal: { role: 'client', address: '127.0.0.1:1' },
          },
        },
      }),
    ],
  });
});

afterAll(() => backend?.stop());

/** The action as the scaffolder module builds it, calling the test backend. */
function actionOnTheBackend() {
  const port = (backend.server.address() as { port: number }).port;
  const baseUrl = `http://localhost:${port}/api/quantumlayer`;
  return createGenerateAction({
    api: new QuantumlayerApiClient(
      {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      mockServices.auth({ pluginId: 'scaffolder' }),
    ),
    limits: { maxFileBytes: 1024, maxTotalBytes: 4096 },
    pollIntervalMs: 10,
    timeoutMs: 10_000,
  });
}

describe('quantumlayer:generate on behalf of the task initiator', () => {
  it('fails with an error naming the initiator and the permission when the plugin refuses them', async () => {
    const action = actionOnTheBackend();
    const ctx = {
      ...createMockActionContext({
        input: EXAMPLE_GENERATE_REQUEST,
        task: { id: 'refused' },
      }),
      getInitiatorCredentials: async () => mockCredentials.user(jane),
    };
    const failure = action.handler(ctx);
    await expect(failure).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(failure).rejects.toThrow(
      'user:default/jane may not POST /v1/workflows/generate-extended on the QuantumLayer backend: not allowed: quantumlayer.workflow.create; ask for that permission',
    );
    expect(ctx.output).not.toHaveBeenCalled();
    const refusals = permissions.authorize.mock.calls.filter(
      ([, options]) =>
        (options.credentials.principal as { userEntityRef?: string })
          .userEntityRef === jane,
    );
    expect(refusals.map(([reqs]) => reqs[0].permission.name)).toEqual([
      'quantumlayer.workflow.create',
    ]);
  });
});

describe('quantumlayer:generate with a bad field', () => {
  it('is refused by the workflow route, the one edge check, with a scaffolder error naming the field', async () => {
    const action = actionOnTheBackend();
    const ctx = createMockActionContext({
      input: {
        ...EXAMPLE_GENERATE_REQUEST,
        requirements: { project_name: '1-starts-with-a-digit' },
      },
      task: { id: 'bad-field' },
    });
    const failure = action.handler(ctx);
    await expect(failure).rejects.toMatchObject({ name: 'InputError' });
    await expect(failure).rejects.toThrow(
      'quantumlayer:generate input is invalid: requirements.project_name: project_name must start with a letter',
    );
    // Refused before any start: this backend has no Temporal to start on.
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
