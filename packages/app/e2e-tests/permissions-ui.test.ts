import { Browser, expect, Page, test } from '@playwright/test';

/**
 * What the run page shows each user under the shipped policy, signed in
 * through the development sign-in page as different catalog users: the
 * starter of a run waiting for approval may cancel it but not approve it, a
 * peer of the owning group may approve it, and a user of another team may
 * not even read it.
 */
test.describe.serial('the run page as different users', () => {
  let gated: string;

  test.beforeAll(async ({ request }) => {
    const refresh = await request.get(
      '/api/auth/dev-users/refresh?env=development',
      {
        headers: {
          'X-Requested-With': 'XMLHttpRequest',
          'x-quantumlayer-dev-user': 'alice',
        },
      },
    );
    expect(refresh.ok()).toBe(true);
    const auth = `Bearer ${(await refresh.json()).backstageIdentity.token}`;
    const started = await request.post(
      '/api/quantumlayer/v1/workflows/generate-extended',
      {
        headers: { Authorization: auth },
        data: {
          prompt: 'A function that doubles a number',
          language: 'python',
          type: 'function',
          generate_tests: true,
          requirements: { project_name: 'UiGatedRun' },
          approval: { required: true, timeout_seconds: 900 },
        },
      },
    );
    expect(started.status()).toBe(202);
    gated = (await started.json()).workflow_id;
    await expect
      .poll(
        async () =>
          (
            await (
              await request.get(`/api/quantumlayer/v1/workflows/${gated}`, {
                headers: { Authorization: auth },
              })
            ).json()
          ).progress?.approval?.status,
        { timeout: 120_000 },
      )
      .toBe('awaiting');
  });

  /** A fresh browser context signed in as `user` through the sign-in page's card. */
  async function signedInAs(browser: Browser, user: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: `Sign in as ${user}` }).click();
    await expect(
      page.getByRole('button', { name: `Sign in as ${user}` }),
    ).toHaveCount(0);
    return page;
  }

  test('the starter can cancel but not approve their own run', async ({
    browser,
  }) => {
    const page = await signedInAs(browser, 'alice');
    await page.goto(`/quantumlayer/runs/${gated}`);
    await expect(page.getByTestId('approval-not-allowed')).toBeVisible();
    await expect(page.getByTestId('approve-button')).toHaveCount(0);
    await expect(page.getByTestId('cancel-button')).toBeVisible();
    await page.screenshot({ path: '.data/e2e-artifacts/run-as-starter.png' });
    await page.context().close();
  });

  test('a peer of the owning group sees the approve and reject buttons', async ({
    browser,
  }) => {
    const page = await signedInAs(browser, 'carol');
    await page.goto(`/quantumlayer/runs/${gated}`);
    await expect(page.getByTestId('approve-button')).toBeVisible();
    await expect(page.getByTestId('reject-button')).toBeVisible();
    await expect(page.getByTestId('approval-not-allowed')).toHaveCount(0);
    await page.screenshot({ path: '.data/e2e-artifacts/run-as-peer.png' });
    await page.context().close();
  });

  test('a user of another team is told the run is not theirs to read', async ({
    browser,
  }) => {
    const page = await signedInAs(browser, 'bob');
    await page.goto(`/quantumlayer/runs/${gated}`);
    await expect(
      page
        .getByText(
          `not allowed: quantumlayer.workflow.read on workflow ${gated}`,
        )
        .first(),
    ).toBeVisible();
    await expect(page.getByTestId('cancel-button')).toHaveCount(0);
    await expect(page.getByTestId('approve-button')).toHaveCount(0);
    await page.context().close();
  });
});
