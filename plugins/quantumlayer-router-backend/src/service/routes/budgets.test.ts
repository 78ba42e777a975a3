import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import request from 'supertest';
import {
  routesTestPlugin,
  capturingAuditor,
} from '@internal/quantumlayer-test-utils';
import { migrated } from '../../__testUtils__/database';
import { BudgetGuard } from '../../llm/budgets/budget-guard';
import { BudgetRuleStore } from '../../llm/budgets/budget-rule-store';
import type { BudgetRule } from '../../llm/budgets/budget-rules';
import { RuntimeBudgetRules } from '../../llm/budgets/runtime-budget-rules';
import { BudgetExceededError } from '@internal/backstage-plugin-quantumlayer-router-node';
import { addBudgetRoutes } from './budgets';

jest.setTimeout(60_000);

const team = 'group:default/team-a';
const admin = mockCredentials.user('user:default/admin');
const configured: BudgetRule[] = [
  { owner: team, period: 'daily', tokens: 10_000 },
];

/** Permission names the mocked policy denies; everything else is allowed. */
let denied: string[] = [];
const permissions = mockServices.permissions.mock({
  authorize: async requests =>
    requests.map(r => ({
      result: denied.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
});

/** Users' ownership refs beyond themselves (the groups they are in). */
const GROUPS: Record<string, string[]> = {
  'user:default/jane': [team, 'group:default/platform'],
};
const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials => {
    const { userEntityRef } = credentials.principal as {
      userEntityRef: string;
    };
    return {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...(GROUPS[userEntityRef] ?? [])],
    };
  },
});

/** The budget routes as the plugin mounts them, over one replica's guard. */
const budgetsTestPlugin = (guard: BudgetGuard) =>
  routesTestPlugin(
    (router, deps) =>
      addBudgetRoutes(router, { ...deps, router: { budgets: guard } }),
    'quantumlayer-router',
  );

const databases = TestDatabases.create({
  ids: ['POSTGRES_15'],
  disableDocker: true,
});

describe('runtime budgets on PostgreSQL', () => {
  let knex: Knex;
  let guard: BudgetGuard;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let server: typeof backend.server;
  let auditor: ReturnType<typeof capturingAuditor>;
  const as = mockCredentials.user.header(admin.principal.userEntityRef);
  const replica = (reloadMs: number) =>
    new BudgetGuard(
      new RuntimeBudgetRules(configured, new BudgetRuleStore(knex), {
        reloadMs,
      }),
    );

  beforeAll(async () => {
    knex = await migrated(await databases.init('POSTGRES_15'));
  });

  beforeEach(async () => {
    denied = [];
    await knex('ql_llm_budgets').delete();
    guard = replica(60_000);
    auditor = capturingAuditor();
    backend = await startTestBackend({
      features: [
        budgetsTestPlugin(guard),
        permissions.factory,
        userInfo.factory,
        auditor.factory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    server = backend.server;
  });

  afterEach(() => backend?.stop());

  it('lists the configured rules with their use this period', async () => {
    await guard.reserve({ group: team }, { tokens: 1200, usd: 0 });
    const res = await request(server)
      .get('/api/quantumlayer-router/v1/budgets')
      .set('Authorization', as);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        owner: team,
        period: 'daily',
        tokens: 10_000,
        usd: null,
        source: 'config',
        period_id: new Date().toISOString().slice(0, 10),
        used: { tokens: 1200, usd: null },
      }),
    ]);
  });

  it('refuses calls at once after a budget is lowered through the API, on every replica within the reload interval', async () => {
    const other = replica(100);
    await guard.reserve({ group: team }, { tokens: 3000, usd: 0 });
    await other.reserve({ group: team }, { tokens: 3000, usd: 0 });

    const put = await request(server)
      .put('/api/quantumlayer-router/v1/budgets')
      .set('Authorization', as)
      .send({ owner: team, period: 'daily', tokens: 4000 });
    expect(put.status).toBe(200);
    expect(put.body.budget).toMatchObject({
      owner: team,
      tokens: 4000,
      source: 'api',
      updated_by: 'user:default/admin',
    });
    expect(put.body.before).toMatchObject({ tokens: 10_000, source: 'config' });
    expect(
      await knex('ql_llm_budgets').select('owner', 'period', 'tokens'),
    ).toEqual([{ owner: team, period: 'daily', tokens: '4000' }]);

    // This replica: the next call is refused (3000 used + 2000 > 4000).
    await expect(
      guard.reserve({ group: team }, { tokens: 2000, usd: 0 }),
    ).rejects.toBeInstanceOf(BudgetExceededError);
    // The other replica (own counters, no Redis here) re-reads within
    // 100 ms: 1500 more fit the old 10 000 (each try is given back), not 4000.
    const deadline = Date.now() + 5_000;
    let refused: unknown;
    while (!refused && Date.now() < deadline) {
      try {
        const granted = await other.reserve(
          { group: team },
          { tokens: 1500, usd: 0 },
        );
        await other.settle(granted, { tokens: 0, usd: 0 });
        await new Promise(r => setTimeout(r, 20));
      } catch (error) {
        refused = error;
      }
    }
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect((refused as Error).message).toContain(
      `daily budget of ${team} is spent`,
    );

    const listed = await request(server)
      .get('/api/quantumlayer-router/v1/budgets')
      .set('Authorization', as);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        owner: team,
        tokens: 4000,
        source: 'api',
        used: { tokens: 3000, usd: null },
      }),
    ]);
  });

  it('audits each change as budget-change: owner, period, before, after and by', async () => {
    await request(server)
      .put('/api/quantumlayer-router/v1/budgets')
      .set('Authorization', as)
      .send({ owner: 'user:default/jane', period: 'monthly', usd: 2.5 })
      .expect(200);
    const removed = await request(server)
      .delete('/api/quantumlayer-router/v1/budgets')
      .query({ owner: 'user:default/jane', period: 'monthly' })
      .set('Authorization', as);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({
      budget: null,
      before: expect.objectContaining({ usd: 2.5, source: 'api' }),
    });
    const changes = auditor.events.filter(e => e.eventId === 'budget-change');
    expect(changes).toEqual([
      expect.objectContaining({
        meta: {
          owner: 'user:default/jane',
          period: 'monthly',
          by: 'user:default/admin',
        },
        outcome: 'success',
        outcomeMeta: {
          before: null,
          after: expect.objectContaining({ usd: 2.5, tokens: null }),
        },
      }),
      expect.objectContaining({
        outcome: 'success',
        outcomeMeta: {
          before: expect.objectContaining({ usd: 2.5 }),
          after: null,
        },
      }),
    ]);
  });

  it('puts the configured rule back in force when the API rule is deleted; a configured-only rule is 404', async () => {
    await request(server)
      .put('/api/quantumlayer-router/v1/budgets')
      .set('Authorization', as)
      .send({ owner: team, period: 'daily', tokens: 1 })
      .expect(200);
    const res = await request(server)
      .delete('/api/quantumlayer-router/v1/budgets')
      .query({ owner: team, period: 'daily' })
      .set('Authorization', as);
    expect(res.status).toBe(200);
    expect(res.body.budget).toMatchObject({ tokens: 10_000, source: 'config' });
    await guard.reserve({ group: team }, { tokens: 5000, usd: 0 });

    const again = await request(server)
      .delete('/api/quantumlayer-router/v1/budgets')
      .query({ owner: team, period: 'daily' })
      .set('Authorization', as);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toContain(
      'configured budgets (quantumlayer.router.budgets) change only in config',
    );
  });

  it.each([
    [
      { owner: 'team-a', period: 'daily', tokens: 1 },
      'owner: owner must be an entity ref like group:default/team-a',
    ],
    [
      { owner: team, period: 'weekly', tokens: 1 },
      'period: period must be daily or monthly',
    ],
    [
      { owner: team, period: 'daily' },
      'tokens: tokens or usd (or both) is required',
    ],
    [
      { owner: team, period: 'daily', tokens: -5 },
      'tokens: tokens must be 0 or more',
    ],
    [
      { owner: team, period: 'daily', usd: 1, extra: true },
      "Unrecognized key(s) in object: 'extra'",
    ],
  ])(
    'rejects a bad budget with 400 naming the field (%#)',
    async (body, message) => {
      const res = await request(server)
        .put('/api/quantumlayer-router/v1/budgets')
        .set('Authorization', as)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
      expect(await knex('ql_llm_budgets').count({ n: '*' })).toEqual([
        { n: '0' },
      ]);
    },
  );

  it('refuses changes with 403 without quantumlayer.budget.manage; llm.usage.read alone reads all rules', async () => {
    denied = ['quantumlayer.budget.manage'];
    const put = await request(server)
      .put('/api/quantumlayer-router/v1/budgets')
      .set('Authorization', as)
      .send({ owner: team, period: 'daily', tokens: 1 });
    expect(put.status).toBe(403);
    expect(put.body.error.message).toBe(
      'not allowed: quantumlayer.budget.manage',
    );
    const del = await request(server)
      .delete('/api/quantumlayer-router/v1/budgets')
      .query({ owner: team, period: 'daily' })
      .set('Authorization', as);
    expect(del.status).toBe(403);
    expect(await knex('ql_llm_budgets').count({ n: '*' })).toEqual([
      { n: '0' },
    ]);
    // Reading with llm.usage.read alone works (all rules).
    const read = await request(server)
      .get('/api/quantumlayer-router/v1/budgets')
      .set('Authorization', as);
    expect(read.status).toBe(200);
    expect(read.body.items.map((r: { owner: string }) => r.owner)).toEqual([
      team,
    ]);
    expect(auditor.events).toEqual([]);
  });

  describe('without budget.manage or llm.usage.read', () => {
    const owners = (res: request.Response) =>
      (res.body.items as Array<{ owner: string; period: string }>)
        .map(r => `${r.owner} ${r.period}`)
        .sort();

    beforeEach(async () => {
      // Rules for jane, her groups, another user and another group.
      for (const [owner, period] of [
        ['user:default/jane', 'monthly'],
        ['group:default/platform', 'daily'],
        ['user:default/joe', 'daily'],
        ['group:default/team-b', 'monthly'],
      ]) {
        await request(server)
          .put('/api/quantumlayer-router/v1/budgets')
          .set('Authorization', as)
          .send({ owner, period, tokens: 100 })
          .expect(200);
      }
      denied = ['quantumlayer.budget.manage', 'quantumlayer.llm.usage.read'];
    });

    it('a signed-in user reads only the rules owned by one of their ownership refs, with their use', async () => {
      await guard.reserve({ group: team }, { tokens: 700, usd: 0 });
      const jane = await request(server)
        .get('/api/quantumlayer-router/v1/budgets')
        .set('Authorization', mockCredentials.user.header('user:default/jane'));
      expect(jane.status).toBe(200);
      expect(owners(jane)).toEqual([
        'group:default/platform daily',
        `${team} daily`,
        'user:default/jane monthly',
      ]);
      expect(
        jane.body.items.find((r: { owner: string }) => r.owner === team),
      ).toMatchObject({ tokens: 10_000, used: { tokens: 700, usd: null } });
      // A user with no budget of their own (nor their groups') gets none.
      const nobody = await request(server)
        .get('/api/quantumlayer-router/v1/budgets')
        .set('Authorization', mockCredentials.user.header('user:default/sam'));
      expect(nobody.status).toBe(200);
      expect(nobody.body.items).toEqual([]);
      // Entity refs compare case-insensitively, as in the catalog.
      const joe = await request(server)
        .get('/api/quantumlayer-router/v1/budgets')
        .set('Authorization', mockCredentials.user.header('user:default/Joe'));
      expect(owners(joe)).toEqual(['user:default/joe daily']);
    });

    it('a service principal is refused with 403 naming the permissions', async () => {
      const res = await request(server)
        .get('/api/quantumlayer-router/v1/budgets')
        .set('Authorization', mockCredentials.service.header());
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'not allowed: quantumlayer.budget.manage or quantumlayer.llm.usage.read',
      );
      // With either permission it reads all of them.
      denied = ['quantumlayer.budget.manage'];
      const all = await request(server)
        .get('/api/quantumlayer-router/v1/budgets')
        .set('Authorization', mockCredentials.service.header());
      expect(all.status).toBe(200);
      expect(owners(all)).toEqual([
        'group:default/platform daily',
        `${team} daily`,
        'group:default/team-b monthly',
        'user:default/jane monthly',
        'user:default/joe daily',
      ]);
    });
  });
});
