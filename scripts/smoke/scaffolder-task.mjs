// Runs a template through the scaffolder REST API as the guest user, the way
// the portal's "Create" page does, and waits for the task to complete.
import { poll } from './processes.mjs';

const TASK_LIMIT_MS = 5 * 60_000;

async function json(res, what) {
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 400)}`);
  return JSON.parse(text);
}

/**
 * A guest user's Backstage token (development sign-in). The GET is
 * idempotent, so a connection that fails before any answer (seen once in CI
 * right after the portal came up: "fetch failed", no request in its log) is
 * tried again, three times at most, and the last failure names its cause.
 */
export async function guestToken(backend) {
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await fetch(`${backend}/api/auth/guest/refresh?env=development`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
    } catch (e) {
      if (attempt === 3)
        throw new Error(
          `guest sign-in: ${e.message} (${
            e.cause?.code ?? e.cause?.message ?? 'no cause'
          }) after 3 attempts`,
        );
      await new Promise(r => setTimeout(r, 1000));
      continue;
    }
    return (await json(res, 'guest sign-in')).backstageIdentity.token;
  }
}

/** The values the example template takes (the publishing one adds its own). */
export const SMOKE_VALUES = {
  name: 'readme_smoke',
  prompt: 'Create a Python function that counts words, lines and characters',
  language: 'python',
  kind: 'function',
  generateTests: true,
};

/**
 * Starts the template with `values` and waits for `completed`; returns the
 * task and workflow ids, and the entity a `catalog:register` step registered.
 */
export async function runTemplate(backend, template, values = SMOKE_VALUES) {
  const token = await guestToken(backend);
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  const started = await json(
    await fetch(`${backend}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        templateRef: `template:default/${template}`,
        values,
      }),
    }),
    'POST /api/scaffolder/v2/tasks',
  );
  const taskId = started.id;
  const task = await poll(
    async () => {
      const t = await json(
        await fetch(`${backend}/api/scaffolder/v2/tasks/${taskId}`, {
          headers,
        }),
        'GET task',
      );
      return ['completed', 'failed', 'cancelled'].includes(t.status)
        ? t
        : undefined;
    },
    TASK_LIMIT_MS,
    `scaffolder task ${taskId}`,
    2000,
  );
  const events = await json(
    await fetch(`${backend}/api/scaffolder/v2/tasks/${taskId}/events`, {
      headers,
    }),
    'GET events',
  );
  if (task.status !== 'completed') {
    const lines = events
      .map(e => e.body?.message)
      .filter(Boolean)
      .slice(-8);
    throw new Error(`task ${taskId} ${task.status}: ${lines.join(' | ')}`);
  }
  // The run's id as the action reported it (ql-<task>-<step>, scoped to the caller).
  const reported = JSON.stringify(events).match(
    new RegExp(`ql-${taskId}-generate[A-Za-z0-9._-]*`),
  );
  if (!reported) throw new Error(`task ${taskId}: no workflow id in its log`);
  const offlineWarning = /offline template/i.test(JSON.stringify(events));
  const entityRef = events
    .find(e => e.type === 'completion')
    ?.body?.output?.links?.find(l => l.entityRef)?.entityRef;
  return { taskId, workflowId: reported[0], offlineWarning, entityRef };
}
