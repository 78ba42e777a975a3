import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import {
  QuantumlayerPermissionPolicy,
  readPolicySettings,
} from '@internal/backstage-plugin-permission-backend-module-quantumlayer';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { seedRequest } from '../__testUtils__/activities';
import {
  catalogOfUsers,
  permissionFramework,
} from '../__testUtils__/permission-backend';
import { createTemporalEnv } from '../__testUtils__/temporal';
import { quantumlayerPlugin } from '../plugin';
import quantumlayerRouterFeatures from '@internal/backstage-plugin-quantumlayer-router-backend';
import { offlineTemplateStandIn } from '../__testUtils__/offline-template';

jest.setTimeout(240_000);

/**
 * The plugin (REST routes, actions, workers) under the policy the suite
 * ships, resolved by the real permission backend, with users of different
 * groups. The same cells with real sign-in tokens run in the browser suite
 * (packages/app/e2e-tests/permissions.test.ts).
 */
const alice = 'user:default/alice';
const carol = 'user:default/carol';
const bob = 'user:default/bob';
const ada = 'user:default/ada';
const ravi = 'user:default/ravi';
const guest = 'user:development/guest';
const alpha = 'group:default/team-alpha';
const beta = 'group:default/team-beta';
const GROUPS: Record<string, string[]> = {
  [alice]: [alpha],
  [carol]: [alpha],
  [bob]: [beta],
  [ada]: ['group:default/quantumlayer-admins'],
  [ravi]: ['group:default/quantumlayer-approvers'],
};
const permissions = {
  adminGroups: ['group:default/quantumlayer-admins'],
  approverGroups: ['group:default/quantumlayer-approvers'],
};
const policy = new QuantumlayerPermissionPolicy(
  readPolicySettings(new ConfigReader({ quantumlayer: { permissions } })),
  {
    async getUserInfo(credentials) {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(GROUPS[userEntityRef] ?? [])],
      };
    },
  },
);

const api = '/api/quantumlayer';
const routerApi = '/api/quantumlayer-router';
const as = (ref: string) => mockCredentials.user.header(ref);
const registry = actionsRegistryServiceMock();
let env: TestWorkflowEnvironment;
let backend: Awaited<ReturnType<typeof startTestBackend>>;

beforeAll(async () => {
  env = await createTemporalEnv();
  backend = await startTestBackend({
    features: [
      quantumlayerPlugin,
      quantumlayerRouterFeatures,
      offlineTemplateStandIn,
      ...permissionFramework(policy, GROUPS),
      catalogOfUsers(GROUPS),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => registry,
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          quantumlayer: {
            permissions,
            temporal: {
              address: env.address,
              taskQueue: 'shipped-policy-test',
              uiUrl: 'http://ui.test',
            },
          },
        },
      }),
    ],
  });
});

afterAll(async () => {
  await backend?.stop();
  await env?.teardown();
});

async function start(user: string, key: string, approval = false) {
  const res = await request(backend.server)
    .post(`${api}/v1/workflows/generate-extended`)
    .set('Authorization', as(user))
    .set('Idempotency-Key', key)
    .send({
      ...seedRequest,
      ...(approval
        ? { approval: { required: true, timeout_seconds: 600 } }
        : {}),
    });
  expect(res.status).toBe(202);
  return res.body.workflow_id as string;
}

async function awaitingApproval(id: string, user: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await request(backend.server)
      .get(`${api}/v1/workflows/${id}`)
      .set('Authorization', as(user));
    if (res.body.progress?.approval?.status === 'awaiting') return;
    if (Date.now() > deadline) throw new Error(`${id} never reached the gate`);
    await new Promise(r => setTimeout(r, 200));
  }
}

const approve = (id: string, user: string) =>
  request(backend.server)
    .post(`${api}/v1/workflows/${id}/approval`)
    .set('Authorization', as(user))
    .send({ decision: 'approve', reason: 'reviewed' });

const invoke = (name: string, input: object, user: string) =>
  registry.invoke({
    id: `test:${name}`,
    input: input as never,
    credentials: mockCredentials.user(user),
  });

describe('the shipped policy on the plugin', () => {
  let gated: string;

  it('four eyes over REST: neither the starter nor an outsider nor an admin approves; a group peer does', async () => {
    gated = await start(alice, 'shipped-gated', true);
    await awaitingApproval(gated, alice);
    for (const who of [alice, bob, ada]) {
      const refused = await approve(gated, who);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        `not allowed: quantumlayer.workflow.approve on workflow ${gated}`,
      );
    }
    // A service token bypasses policies, so approvals refuse it outright.
    const service = await request(backend.server)
      .post(`${api}/v1/workflows/${gated}/approval`)
      .set('Authorization', mockCredentials.service.header())
      .send({ decision: 'approve' });
    expect(service.status).toBe(403);
    expect(service.body.error.message).toBe(
      `not allowed: quantumlayer.workflow.approve on workflow ${gated}; approvals need a signed-in user, not a service principal`,
    );
    const peer = await approve(gated, carol);
    expect(peer.status).toBe(200);
    expect(peer.body.approval).toMatchObject({ status: 'approved', by: carol });
  });

  it('an approver who started a run cannot approve it, through the MCP action either', async () => {
    const own = await start(ravi, 'shipped-ravi', true);
    await awaitingApproval(own, ravi);
    expect((await approve(own, ravi)).status).toBe(403);
    await expect(
      invoke(
        'approve-workflow',
        { workflowId: own, decision: 'approve' },
        ravi,
      ),
    ).rejects.toThrow(
      `not allowed: quantumlayer.workflow.approve on workflow ${own}`,
    );
    // An approver decides other people's runs.
    const bobs = await start(bob, 'shipped-bob', true);
    await awaitingApproval(bobs, bob);
    const decided = await invoke(
      'approve-workflow',
      { workflowId: bobs, decision: 'reject', reason: 'not now' },
      ravi,
    );
    expect(decided.output).toMatchObject({
      workflowId: bobs,
      approval: { status: 'rejected', by: ravi },
    });
  });

  it('reads and cancels follow the run’s owner and group, over REST and the actions', async () => {
    const read = (who: string) =>
      request(backend.server)
        .get(`${api}/v1/workflows/${gated}`)
        .set('Authorization', as(who));
    expect((await read(carol)).status).toBe(200);
    expect((await read(ada)).status).toBe(200);
    expect((await read(guest)).status).toBe(403);
    await expect(
      invoke('get-workflow', { workflowId: gated }, bob),
    ).rejects.toThrow(
      `not allowed: quantumlayer.workflow.read on workflow ${gated}`,
    );
    const cancel = await request(backend.server)
      .post(`${api}/v1/workflows/${gated}/cancel`)
      .set('Authorization', as(bob));
    expect(cancel.status).toBe(403);
    expect(cancel.body.error.message).toBe(
      `not allowed: quantumlayer.workflow.cancel on workflow ${gated}`,
    );
  });

  it('budgets: only admins change them; the guest gets 403 naming the permission', async () => {
    const put = (who: string, owner: string) =>
      request(backend.server)
        .put(`${routerApi}/v1/budgets`)
        .set('Authorization', as(who))
        .send({ owner, period: 'daily', tokens: 1 });
    const refused = await put(guest, 'group:default/platform');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'not allowed: quantumlayer.budget.manage',
    );
    expect((await put(alice, alpha)).status).toBe(403);
    expect((await put(ada, beta)).status).toBe(200);
  });
});
