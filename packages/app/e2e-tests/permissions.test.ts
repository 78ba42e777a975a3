import { APIRequestContext, expect, test } from '@playwright/test';

/**
 * The shipped permission policy on the running portal, over REST, with real
 * Backstage tokens: the guest's, four catalog users' from the development
 * sign-in (`auth.providers.dev-users`, groups from examples/org.yaml), and
 * the restricted development static token. Each cell of the README's
 * authorization matrix that this portal can show is asserted here.
 */
const api = '/api/quantumlayer';
/** The LLM router plugin's API (budgets, usage, the gateway). */
const routerApi = '/api/quantumlayer-router';
const DEV_TOKEN = 'ql-dev-token-do-not-use-in-production';

async function signIn(request: APIRequestContext, user?: string) {
  const res = await request.get(
    `/api/auth/${user ? 'dev-users' : 'guest'}/refresh?env=development`,
    {
      headers: {
        'X-Requested-With': 'XMLHttpRequest',
        ...(user ? { 'x-quantumlayer-dev-user': user } : {}),
      },
    },
  );
  expect(res.ok(), await res.text()).toBe(true);
  return `Bearer ${(await res.json()).backstageIdentity.token}`;
}

const body = (name: string, approval = false) => ({
  prompt: 'A function that adds two numbers',
  language: 'python',
  type: 'function',
  generate_tests: true,
  requirements: { project_name: name },
  ...(approval ? { approval: { required: true, timeout_seconds: 600 } } : {}),
});

test.describe
  .serial('the shipped permission policy, as different users', () => {
  const auth: Record<string, string> = {};
  let alicesRun: string;

  test.beforeAll(async ({ request }) => {
    auth.guest = await signIn(request);
    for (const user of ['alice', 'carol', 'bob', 'ada', 'ravi']) {
      auth[user] = await signIn(request, user);
    }
    auth.token = `Bearer ${DEV_TOKEN}`;
  });

  async function start(
    request: APIRequestContext,
    who: string,
    name: string,
    approval = false,
  ) {
    const res = await request.post(`${api}/v1/workflows/generate-extended`, {
      headers: { Authorization: auth[who] },
      data: body(name, approval),
    });
    expect(res.status(), await res.text()).toBe(202);
    return (await res.json()).workflow_id as string;
  }

  const get = (request: APIRequestContext, who: string, path: string) =>
    request.get(
      `${path.startsWith('/v1/budgets') ? routerApi : api}${path}`,
      { headers: { Authorization: auth[who] } },
    );

  test('users read their own and their group’s runs; others get 403 naming the permission', async ({
    request,
  }) => {
    alicesRun = await start(request, 'alice', 'AliceRun');
    expect(
      (await get(request, 'alice', `/v1/workflows/${alicesRun}`)).status(),
    ).toBe(200);
    expect(
      (await get(request, 'carol', `/v1/workflows/${alicesRun}`)).status(),
    ).toBe(200);
    expect(
      (await get(request, 'ada', `/v1/workflows/${alicesRun}`)).status(),
    ).toBe(200);
    for (const who of ['bob', 'guest']) {
      const refused = await get(request, who, `/v1/workflows/${alicesRun}`);
      expect(refused.status()).toBe(403);
      expect((await refused.json()).error.message).toBe(
        `not allowed: quantumlayer.workflow.read on workflow ${alicesRun}`,
      );
    }
  });

  test('lists hold only what the caller may read', async ({ request }) => {
    const ids = async (who: string) => {
      const res = await get(request, who, '/v1/workflows?page_size=100');
      expect(res.status()).toBe(200);
      return ((await res.json()).items as { workflow_id: string }[]).map(
        r => r.workflow_id,
      );
    };
    // Visibility is eventually consistent: wait for alice's run to be listed.
    await expect
      .poll(() => ids('alice'), { timeout: 30_000 })
      .toContain(alicesRun);
    expect(await ids('carol')).toContain(alicesRun);
    expect(await ids('ada')).toContain(alicesRun);
    expect(await ids('bob')).not.toContain(alicesRun);
    expect(await ids('guest')).not.toContain(alicesRun);
  });

  test('cancel and artifact downloads follow the run', async ({ request }) => {
    const cancel = await request.post(
      `${api}/v1/workflows/${alicesRun}/cancel`,
      {
        headers: { Authorization: auth.guest },
      },
    );
    expect(cancel.status()).toBe(403);
    expect((await cancel.json()).error.message).toBe(
      `not allowed: quantumlayer.workflow.cancel on workflow ${alicesRun}`,
    );
    // Wait for the run to end and download its README as alice, then as bob.
    await expect
      .poll(
        async () =>
          (
            await (
              await get(request, 'alice', `/v1/workflows/${alicesRun}`)
            ).json()
          ).status,
        { timeout: 120_000 },
      )
      .toBe('completed');
    const run = await (
      await get(request, 'alice', `/v1/workflows/${alicesRun}`)
    ).json();
    const artifact = run.result.artifactId as string;
    const mine = await get(
      request,
      'alice',
      `/v1/artifacts/${artifact}/files/README.md`,
    );
    expect(mine.status()).toBe(200);
    expect(await mine.text()).toContain('AliceRun');
    const theirs = await get(
      request,
      'bob',
      `/v1/artifacts/${artifact}/files/README.md`,
    );
    expect(theirs.status()).toBe(403);
    expect((await theirs.json()).error.message).toContain(
      'quantumlayer.artifact.read',
    );
  });

  test('budgets: admins set them; the guest and members get 403; members read their group’s', async ({
    request,
  }) => {
    const put = (who: string, owner: string) =>
      request.put(`${routerApi}/v1/budgets`, {
        headers: { Authorization: auth[who] },
        data: { owner, period: 'daily', tokens: 1_000_000 },
      });
    const guest = await put('guest', 'group:default/platform');
    expect(guest.status()).toBe(403);
    expect((await guest.json()).error.message).toBe(
      'not allowed: quantumlayer.budget.manage',
    );
    expect((await put('alice', 'group:default/team-alpha')).status()).toBe(403);
    expect((await put('ada', 'group:default/team-alpha')).status()).toBe(200);
    expect((await put('ada', 'group:default/team-beta')).status()).toBe(200);
    const seen = async (who: string) =>
      (
        (await (await get(request, who, '/v1/budgets')).json()).items as {
          owner: string;
        }[]
      ).map(b => b.owner);
    expect(await seen('alice')).toEqual(['group:default/team-alpha']);
    expect(await seen('ada')).toEqual(
      expect.arrayContaining([
        'group:default/team-alpha',
        'group:default/team-beta',
      ]),
    );
  });

  test('approvals are four-eyes: never the user who started the run', async ({
    request,
  }) => {
    const gated = await start(request, 'alice', 'GatedRun', true);
    await expect
      .poll(
        async () =>
          (
            await (await get(request, 'alice', `/v1/workflows/${gated}`)).json()
          ).progress?.approval?.status,
        { timeout: 120_000 },
      )
      .toBe('awaiting');
    const decide = (who: string) =>
      request.post(`${api}/v1/workflows/${gated}/approval`, {
        headers: { Authorization: auth[who] },
        data: { decision: 'approve', reason: 'reviewed' },
      });
    for (const who of ['alice', 'bob', 'ada']) {
      const refused = await decide(who);
      expect(refused.status(), who).toBe(403);
      expect((await refused.json()).error.message).toBe(
        `not allowed: quantumlayer.workflow.approve on workflow ${gated}`,
      );
    }
    const peer = await decide('carol');
    expect(peer.status(), await peer.text()).toBe(200);
    expect((await peer.json()).approval).toMatchObject({
      status: 'approved',
      by: 'user:default/carol',
    });

    // An approver may approve others' runs, but not one they started.
    const ravis = await start(request, 'ravi', 'RaviRun', true);
    await expect
      .poll(
        async () =>
          (
            await (await get(request, 'ravi', `/v1/workflows/${ravis}`)).json()
          ).progress?.approval?.status,
        { timeout: 120_000 },
      )
      .toBe('awaiting');
    const own = await request.post(`${api}/v1/workflows/${ravis}/approval`, {
      headers: { Authorization: auth.ravi },
      data: { decision: 'approve' },
    });
    expect(own.status()).toBe(403);
    const cancelled = await request.post(
      `${api}/v1/workflows/${ravis}/cancel`,
      {
        headers: { Authorization: auth.ravi },
      },
    );
    expect(cancelled.status()).toBe(202);
  });

  test('the development static token reaches only the plugins the README uses', async ({
    request,
  }) => {
    const headers = { Authorization: auth.token };
    expect(
      (
        await request.get(`${api}/v1/workflows?page_size=1`, { headers })
      ).status(),
    ).toBe(200);
    expect(
      (
        await request.get('/api/catalog/entities?limit=1', { headers })
      ).status(),
    ).toBe(200);
    const register = await request.post('/api/catalog/locations', {
      headers,
      data: { type: 'url', target: 'http://127.0.0.1:9/catalog-info.yaml' },
    });
    expect(register.status()).toBe(403);
    for (const path of ['/api/kubernetes/clusters', '/api/notifications/']) {
      const other = await request.get(path, { headers });
      expect([401, 403], path).toContain(other.status());
    }
  });
});
