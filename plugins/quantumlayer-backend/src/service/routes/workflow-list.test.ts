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
import { QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE } from '@internal/backstage-plugin-quantumlayer-common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { seedRequest } from '../../__testUtils__/activities';
import {
  catalogOfUsers,
  permissionFramework,
} from '../../__testUtils__/permission-backend';
import { createTemporalEnv } from '../../__testUtils__/temporal';
import { workflowRoutesPlugin } from '../../__testUtils__/workflow-routes-plugin';
import {
  createQuantumlayerWorkflowConditionalDecision as decide,
  quantumlayerWorkflowConditions as runs,
} from '../../permissions/workflow-resource';
import { GENERATE_EXTENDED_WORKFLOW } from '../../workflows/shared';

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
const TASK_QUEUE = 'list-query-test';

/**
 * What the policy answers users for `quantumlayer.workflow.read`: their own
 * and their groups' runs, only their own, or only the runs of an owner
 * whose ref tries to break out of the query. Services are allowed.
 */
let mode: 'own-or-group' | 'own' | 'injected' = 'own-or-group';
const injected = "user:default/alice') OR WorkflowId != ('";
const listPolicy: PermissionPolicy = {
  async handle(req, user) {
    if (
      !user ||
      !isResourcePermission(req.permission, QUANTUMLAYER_WORKFLOW_RESOURCE_TYPE)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user.info.ownershipEntityRefs;
    if (mode === 'own') {
      return decide(req.permission, runs.isWorkflowOwner({ claims }));
    }
    if (mode === 'injected') {
      return decide(
        req.permission,
        runs.isWorkflowOwner({ claims: [injected, `${injected}\\`] }),
      );
    }
    return decide(req.permission, {
      anyOf: [
        runs.isWorkflowOwner({ claims }),
        runs.isOwningGroupMember({ claims }),
      ],
    });
  },
};

const catalog = catalogOfUsers(GROUPS);

let env: TestWorkflowEnvironment;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
const api = '/api/quantumlayer';
const as = (ref: string) => mockCredentials.user.header(ref);
const service = mockCredentials.service.header();

/** The ids of the runs each user started, oldest first. */
const started: Record<string, string[]> = {
  [alice]: [],
  [bob]: [],
  [carol]: [],
};
/** A run started without the owner and group search attributes. */
let legacyRun: string;

async function start(user: string, key: string) {
  const res = await request(backend.server)
    .post(`${api}/v1/workflows/generate-extended`)
    .set('Authorization', as(user))
    .set('Idempotency-Key', key)
    .send(seedRequest);
  expect(res.status).toBe(202);
  started[user].push(res.body.workflow_id);
}

/** Every page of `GET /v1/workflows` with `query`, following the tokens. */
async function pages(auth: string, query: Record<string, string> = {}) {
  const all: string[][] = [];
  let token: string | null = null;
  do {
    const res: request.Response = await request(backend.server)
      .get(`${api}/v1/workflows`)
      .query({ ...query, ...(token ? { page_token: token } : {}) })
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    all.push(
      (res.body.items as Array<{ workflow_id: string }>).map(
        r => r.workflow_id,
      ),
    );
    token = res.body.next_page_token;
  } while (token && all.length < 10);
  // SQL visibility hands out a token after every full page: drop the empty last one.
  return all.filter((page, i) => page.length > 0 || i === 0);
}

const listed = async (auth: string, query: Record<string, string> = {}) =>
  (await pages(auth, { page_size: '100', ...query })).flat().sort();

beforeAll(async () => {
  env = await createTemporalEnv();
  backend = await startTestBackend({
    features: [
      workflowRoutesPlugin(env.address, TASK_QUEUE),
      ...permissionFramework(listPolicy, GROUPS),
      catalog,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: { permission: { enabled: true } },
      }),
    ],
  });
  // Six runs across three owners, interleaved: alice 3, bob 2, carol 1.
  await start(alice, 'list-1');
  await start(bob, 'list-2');
  await start(alice, 'list-3');
  await start(carol, 'list-4');
  await start(bob, 'list-5');
  await start(alice, 'list-6');
  // As a run started before the attributes existed: owner in the memo only.
  legacyRun = 'ql-legacy-run';
  await env.client.workflow.start(GENERATE_EXTENDED_WORKFLOW, {
    workflowId: legacyRun,
    taskQueue: TASK_QUEUE,
    args: [{}],
    memo: { owner: alice, group: teamA },
  });
  // Visibility is eventually consistent: wait until a service sees all seven.
  const deadline = Date.now() + 30_000;
  while ((await listed(service)).length < 7) {
    if (Date.now() > deadline) throw new Error('runs never listed');
    await new Promise(r => setTimeout(r, 100));
  }
});

beforeEach(() => {
  mode = 'own-or-group';
});

afterAll(async () => {
  await backend?.stop();
  await env?.teardown();
});

describe('GET /v1/workflows filters in the visibility query', () => {
  it('records who started a run as search attributes, next to the memo', async () => {
    const description = await env.client.workflow
      .getHandle(started[carol][0])
      .describe();
    expect(description.searchAttributes).toMatchObject({
      QuantumlayerOwner: [carol],
      QuantumlayerGroup: [teamA],
    });
    expect(description.memo).toMatchObject({ owner: carol, group: teamA });
  });

  it('shows a user only their own and their groups’ runs; a service (ALLOW) sees all', async () => {
    const teamARuns = [...started[alice], ...started[carol]].sort();
    expect(await listed(as(alice))).toEqual(teamARuns);
    expect(await listed(as(carol))).toEqual(teamARuns);
    expect(await listed(as(bob))).toEqual([...started[bob]].sort());
    expect(await listed(service)).toEqual(
      [...teamARuns, ...started[bob], legacyRun].sort(),
    );
  });

  it('fills each page when more allowed runs exist: 2 then 1 for an owner with 3 of 6', async () => {
    mode = 'own';
    expect(await pages(as(alice), { page_size: '2' })).toEqual([
      [started[alice][2], started[alice][1]],
      [started[alice][0]],
    ]);
    expect(await pages(as(bob), { page_size: '2' })).toEqual([
      [started[bob][1], started[bob][0]],
    ]);
  });

  it('applies the owner filter in the query too, together with the decision', async () => {
    expect(await pages(service, { owner: bob, page_size: '1' })).toEqual([
      [started[bob][1]],
      [started[bob][0]],
    ]);
    expect(await listed(as(alice), { owner: carol })).toEqual(started[carol]);
    // Allowed by the decision and asked for: alice's own, never the legacy run.
    expect(await listed(service, { owner: alice })).toEqual(
      [...started[alice]].sort(),
    );
    // Asked for, but not allowed: nothing.
    expect(await listed(as(bob), { owner: alice })).toEqual([]);
  });

  it('refuses an owner filter that could break out of the query with 400', async () => {
    for (const owner of [injected, 'user:default/x\\', 'x" OR "1"="1']) {
      const res = await request(backend.server)
        .get(`${api}/v1/workflows`)
        .query({ owner })
        .set('Authorization', service);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'owner must not contain quotes, backslashes or control characters; pass an entity ref like user:default/jane or a service subject',
      );
    }
  });

  it('never widens the list for a policy value that could break out of the query', async () => {
    mode = 'injected';
    expect(await listed(as(alice))).toEqual([]);
    expect(await listed(as(bob))).toEqual([]);
  });
});
