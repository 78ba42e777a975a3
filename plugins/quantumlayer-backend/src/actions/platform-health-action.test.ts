import { mockCredentials } from '@backstage/backend-test-utils';
import quantumlayerRouterFeatures from '@internal/backstage-plugin-quantumlayer-router-backend';
import { startActionsBackend } from '@internal/quantumlayer-test-utils';
import { quantumlayerPlugin } from '../plugin';
import { offlineTemplateStandIn } from '../__testUtils__/offline-template';

jest.setTimeout(60_000);

const mock = mockCredentials.user(); // a member of group:default/codegen

let ql: Awaited<ReturnType<typeof startActionsBackend>>;

type Json = Record<string, any>;
const refusal = (name: string, input: Json, credentials: any) =>
  ql.invoke(name, input, credentials).then(
    () => {
      throw new Error(`${name} was not refused`);
    },
    (error: Error) => error,
  );

beforeAll(async () => {
  ql = await startActionsBackend({
    features: [
      quantumlayerPlugin,
      quantumlayerRouterFeatures,
      offlineTemplateStandIn,
    ],
    config: {
      quantumlayer: {
        // No Temporal here: the health summary reports it down.
        temporal: { role: 'client', address: '127.0.0.1:1' },
        vectorStore: { type: 'embedded', directory: ':memory:' },
      },
    },
  });
});

afterAll(async () => {
  await ql?.backend.stop();
});

describe('platform-health', () => {
  it('summarizes the health checks, naming the critical ones that are down', async () => {
    const { output } = (await ql.invoke('platform-health', {}, mock)) as {
      output: Json;
    };
    expect(output).toMatchObject({
      status: 'down',
      ready: false,
      checkedAt: expect.any(String),
    });
    const byName = Object.fromEntries(
      output.checks.map((c: Json) => [c.name, c]),
    );
    expect(byName.database).toMatchObject({ status: 'ok', critical: true });
    expect(byName.temporal).toMatchObject({ status: 'down', critical: true });
    expect(output.failing).toEqual([expect.stringMatching(/^temporal: /)]);
  });

  it('refuses anonymous callers', async () => {
    const refused = await refusal(
      'platform-health',
      {},
      mockCredentials.none(),
    );
    expect(refused.name).toBe('NotAllowedError');
  });
});
