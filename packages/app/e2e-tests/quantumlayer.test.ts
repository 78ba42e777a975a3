import { expect, Page, test } from '@playwright/test';

/** Screenshots are test artifacts: .data/e2e-artifacts/<name>.png. */
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `.data/e2e-artifacts/${name}.png`, fullPage: true });

async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

async function openQuantumlayer(page: Page, tab: string) {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'QuantumLayer' })
    .click();
  await page.getByRole('tab', { name: tab }).click();
}

test.describe.serial('QuantumLayer in the portal', () => {
  test('the health page shows live checks of the data plane', async ({
    page,
  }) => {
    await signIn(page);
    await openQuantumlayer(page, 'Platform health');
    // Redis is the router plugin's; its own page (/api/quantumlayer-router/health/details) lists it.
    for (const name of ['database', 'temporal', 'vectorStore', 'llmRouter']) {
      await expect(page.getByTestId(`health-check-${name}`)).toBeVisible();
    }
    await expect(page.getByTestId('health-status-database')).toHaveText(/ok/);
    await expect(page.getByTestId('health-status-llmRouter')).toHaveText(/ok/);
    await expect(page.getByTestId('health-status-temporal')).toHaveText(
      /ok|degraded/,
    );
    // Details read as fields and tables, not JSON: the Temporal pollers.
    await expect(page.getByTestId('details-table-pollers')).toBeVisible();
    await expect(page.getByTestId('health-checks')).not.toContainText('{"');
    if (process.env.QL_E2E_KUBE_SERVER) {
      // scripts/e2e.sh started a real API server holding the production
      // overlay; the posture reads it as the gateway's ServiceAccount. Nothing
      // runs there (no operators, no pods), so the verdicts are the specs'.
      await expect(page.getByTestId('posture')).toBeVisible();
      const rule = (id: string, object: string) =>
        page.getByRole('row').filter({
          has: page.getByTestId(`posture-rule-${id}:${object}`),
        });
      const db = 'Cluster quantumlayer/quantumlayer-db';
      await expect(rule('cnpg-backup-schedule', db)).toContainText(
        /pass.*ScheduledBackup quantumlayer\/quantumlayer-db-daily "0 0 2 \* \* \*"/,
      );
      await expect(rule('cnpg-last-backup', db)).toContainText(
        /fail.*no successful backup yet/,
      );
      await expect(
        rule('edge-ingress-tls', 'Gateway istio-system/quantumlayer'),
      ).toContainText(
        /fail.*Certificate istio-system\/quantumlayer-portal is not ready/,
      );
      await expect(
        rule('egress-registry-only', 'Namespace quantumlayer'),
      ).toContainText(/pass.*declared external hosts: api\.openai\.com/);
    } else {
      // No cluster here: the posture section says so instead of failing.
      await expect(page.getByTestId('posture-not-configured')).toBeVisible();
    }
    await shot(page, 'platform-health');
  });

  test('a run started from the template completes stage by stage, and its files download', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto('/create');
    await expect(
      page.getByText('A Python function with tests (QuantumLayer)'),
    ).toBeVisible();
    await page.goto('/create/templates/default/quantumlayer-python-function');
    await page.getByLabel('Project name').fill('E2eWordCounter');
    await shot(page, 'template-form');
    await page
      .getByRole('button', { name: 'Review' })
      .or(page.getByRole('button', { name: 'Next' }))
      .first()
      .click();
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/create\/tasks\/[^/]+$/);
    const taskId = page.url().split('/').pop()!;
    // The action's idempotency key is `<task id>-<step id>`; keys are the
    // caller's own, so the id ends in a tag for the signed-in user.
    const workflowId = new RegExp(
      `^run-link-ql-${taskId}-generate\\.[0-9a-f]{16}$`,
    );

    await openQuantumlayer(page, 'Workflow runs');
    const row = page.getByTestId(workflowId);
    await expect(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(row).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await row.click();
    await expect(page.getByTestId('run-status')).toHaveText(/completed/, {
      timeout: 120_000,
    });
    const timeline = page.getByRole('list', { name: 'Stage timeline' });
    await expect(timeline.getByTestId(/^stage-[a-z_]+$/)).toHaveCount(12);
    for (const stage of ['validate', 'plan', 'run_tests', 'package_store']) {
      await expect(page.getByTestId(`stage-${stage}`)).toHaveAttribute(
        'data-status',
        'completed',
      );
    }
    await expect(page.getByTestId('pipeline-prompts')).toContainText(
      'coder.python.function',
    );
    await shot(page, 'workflow-run');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-README.md').click(),
    ]);
    await download.saveAs('.data/e2e-artifacts/README.md');
    let readme = '';
    for await (const chunk of await download.createReadStream()) {
      readme += chunk.toString();
    }
    expect(readme).toMatch(/^# E2eWordCounter/);
  });

  test('the catalog holds the platform System with its Components and Resources', async ({
    page,
  }) => {
    await signIn(page);
    await expect(async () => {
      await page.goto('/catalog/default/system/quantumlayer');
      await expect(
        page.getByRole('link', { name: /workflow api/i }).first(),
      ).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 90_000 });
    for (const name of [/api gateway/i, /llm router/i, /sandbox worker/i]) {
      await expect(page.getByRole('link', { name }).first()).toBeVisible();
    }
    await shot(page, 'catalog-system');
  });
});
