import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import {
  QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE,
  quantumlayerWorkflowApprovePermission,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { seedRequest } from '../../__testUtils__/activities';
import {
  catalogOfUsers,
  permissionFramework,
} from '../../__testUtils__/permission-backend';
import { createTemporalEnv } from '../../__testUtils__/temporal';
import { workflowRoutesPlugin } from '../../__testUtils__/workflow-routes-plugin';
import type { ArtifactStore } from '../../artifacts/artifact-store';
import {
  createQuantumlayerWorkflowConditionalDecision,
  quantumlayerWorkflowConditions,
} from '../../permissions/workflow-resource';

jest.setTimeout(120_000);

const alice = 'user:default/alice';
const bob = 'user:default/bob';
const carol = 'user:default/carol';
const teamA = 'group:default/team-a';
const teamB = 'group:default/team-b';
const GROUPS: Record<string, string[]> = {
  [alice]: [teamA],
  [bob]: [teamB],
  [carol]: [teamA],
};

/**
 * Users see, cancel and download the runs they started or that are charged
 * to one of their groups, and approve only their own; services may do all.
 */
const ownRunsPolicy: PermissionPolicy = {
  async handle(req, user) {
    if (
      !user ||
      !isResourcePermission(req.permission, QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user.info.ownershipEntityRefs;
    const owner = quantumlayerWorkflowConditions.isWorkflowOwner({ claims });
    if (req.permission.name === quantumlayerWorkflowApprovePermission.name) {
      return createQuantumlayerWorkflowConditionalDecision(
        req.permission,
        owner,
      );
    }
    return createQuantumlayerWorkflowConditionalDecision(req.permission, {
      anyOf: [
        owner,
        quantumlayerWorkflowConditions.isOwningGroupMember({ claims }),
      ],
    });
  },
};

let store: ArtifactStore;

const catalog = catalogOfUsers(GROUPS);

let env: TestWorkflowEnvironment;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
const api = '/api/quantumlayer';
const as = (ref: string) => mockCredentials.user.header(ref);
const service = mockCredentials.service.header();

async function start(user: string, key: string) {
  const res = await request(backend.server)
    .post(`${api}/v1/workflows/generate-extended`)
    .set('Authorization', as(user))
    .set('Idempotency-Key', key)
    .send(seedRequest);
  expect(res.status).toBe(202);
  return res.body.workflow_id as string;
}

const listIds = async (auth: string) => {
  const res = await request(backend.server)
    .get(`${api}/v1/workflows?page_size=100`)
    .set('Authorization', auth);
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ workflow_id: string }>)
    .map(r => r.workflow_id)
    .sort();
};

let aliceRun: string;
let bobRun: string;

beforeAll(async () => {
  env = await createTemporalEnv();
  backend = await startTestBackend({
    features: [
      workflowRoutesPlugin(env.address, 'permissions-test', s => {
        store = s;
      }),
      ...permissionFramework(ownRunsPolicy, GROUPS),
      catalog,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: { permission: { enabled: true } },
      }),
    ],
  });
  aliceRun = await start(alice, 'perm-alice');
  bobRun = await start(bob, 'perm-bob');
  // Visibility is eventually consistent: wait until a service sees both.
  const deadline = Date.now() + 30_000;
  while ((await listIds(service)).length < 2) {
    if (Date.now() > deadline) throw new Error('runs never listed');
    await new Promise(r => setTimeout(r, 100));
  }
});

afterAll(async () => {
  await backend?.stop();
  await env?.teardown();
});

describe('workflow runs under an own-runs policy (conditional decisions resolved by the permission backend)', () => {
  it('records who started a run and the group it is charged to', async () => {
    const res = await request(backend.server)
      .get(`${api}/v1/workflows/${aliceRun}`)
      .set('Authorization', as(alice));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      workflow_id: aliceRun,
      status: 'running',
      owner: alice,
      group: teamA,
    });
  });

  it("refuses another team's run with 403 and lets a member of the owning group read it", async () => {
    const other = await request(backend.server)
      .get(`${api}/v1/workflows/${aliceRun}`)
      .set('Authorization', as(bob));
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe(
      `not allowed: quantumlayer.workflow.read on workflow ${aliceRun}`,
    );
    const teammate = await request(backend.server)
      .get(`${api}/v1/workflows/${aliceRun}`)
      .set('Authorization', as(carol));
    expect(teammate.status).toBe(200);
    expect(teammate.body.owner).toBe(alice);
  });

  it('lists only the runs the policy allows', async () => {
    expect(await listIds(service)).toEqual([aliceRun, bobRun]);
    expect(await listIds(as(alice))).toEqual([aliceRun]);
    expect(await listIds(as(bob))).toEqual([bobRun]);
    expect(await listIds(as(carol))).toEqual([aliceRun]);
  });

  it('serves a run artifact only to those who may read the run', async () => {
    const artifact = await store.putArtifact({
      workflowId: aliceRun,
      request: seedRequest,
      provider: 'template',
      model: 'template',
      testsPassed: true,
      stages: [],
      files: [{ path: 'app.py', ...(await store.putBlob('print(1)\n')) }],
      createdAt: '2026-11-23T10:00:00.000Z',
    });
    const get = (user: string, path = '') =>
      request(backend.server)
        .get(`${api}/v1/artifacts/${artifact.id}${path}`)
        .set('Authorization', as(user));
    expect((await get(alice)).status).toBe(200);
    const file = await get(carol, '/files/app.py').buffer(true);
    expect(file.status).toBe(200);
    expect(Buffer.from(file.body).toString('utf8')).toBe('print(1)\n');
    const refused = await get(bob, '/files/app.py');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      `not allowed: quantumlayer.artifact.read on workflow ${aliceRun}`,
    );
  });

  it('refuses to cancel or approve runs the policy does not allow, and cancels the own run', async () => {
    const cancel = (user: string, id: string) =>
      request(backend.server)
        .post(`${api}/v1/workflows/${id}/cancel`)
        .set('Authorization', as(user));
    const refused = await cancel(bob, aliceRun);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      `not allowed: quantumlayer.workflow.cancel on workflow ${aliceRun}`,
    );
    // Approval is owner-only in this policy: a teammate is refused.
    const approval = await request(backend.server)
      .post(`${api}/v1/workflows/${aliceRun}/approval`)
      .set('Authorization', as(carol))
      .send({ decision: 'approve' });
    expect(approval.status).toBe(403);
    expect(approval.body.error.message).toBe(
      `not allowed: quantumlayer.workflow.approve on workflow ${aliceRun}`,
    );
    const own = await cancel(bob, bobRun);
    expect(own.status).toBe(202);
    // No worker runs here: Temporal holds the cancellation request.
    const { events } = await env.client.workflow
      .getHandle(bobRun)
      .fetchHistory();
    expect(
      events?.some(e => e.workflowExecutionCancelRequestedEventAttributes),
    ).toBe(true);
    // A run that does not exist resolves to no resource, which denies.
    const unknown = await request(backend.server)
      .get(`${api}/v1/workflows/ql-nope`)
      .set('Authorization', as(alice));
    expect(unknown.status).toBe(403);
  });
});
