import {
  MAX_PROMPT_BYTES,
  OFFLINE_TEMPLATE_WARNING,
} from '@internal/backstage-plugin-quantumlayer-common';
import { seedRequest } from '../__testUtils__/activities';
import { workflowIdFor } from '../service/operations/workflow-operations';
import {
  Json,
  reader,
  useWorkflowActions,
} from '../__testUtils__/workflow-actions';

jest.setTimeout(240_000);

const harness = useWorkflowActions();
/** Keys are the caller's own: the mock user's runs under these keys. */
const RUN = workflowIdFor('actions-e2e', 'user:default/mock');
const PAGE_1 = workflowIdFor('page-1', 'user:default/mock');
const PAGE_2 = workflowIdFor('page-2', 'user:default/mock');
const { invoke, refusal } = harness;

describe('QuantumLayer actions over a real Temporal dev server: generating, reading and listing runs', () => {
  it('registers every action with honest attributes', async () => {
    const { actions } = await harness.ql.registry.list();
    const attributes = Object.fromEntries(
      actions.map(a => [a.name, a.attributes]),
    );
    expect(attributes).toEqual({
      'generate-code': {
        readOnly: false,
        destructive: false,
        idempotent: true,
      },
      'get-workflow': { readOnly: true, destructive: false, idempotent: true },
      'list-workflows': {
        readOnly: true,
        destructive: false,
        idempotent: true,
      },
      'get-artifact': { readOnly: true, destructive: false, idempotent: true },
      'cancel-workflow': {
        readOnly: false,
        destructive: true,
        idempotent: true,
      },
      'approve-workflow': {
        readOnly: false,
        destructive: true,
        idempotent: false,
      },
      'platform-health': {
        readOnly: true,
        destructive: false,
        idempotent: true,
      },
      'chat-completion': {
        readOnly: false,
        destructive: false,
        idempotent: false,
      },
    });
    const generate = actions.find(a => a.name === 'generate-code')!;
    expect(generate.schema.input).toMatchObject({
      additionalProperties: false,
      required: expect.arrayContaining(['prompt', 'language', 'type']),
      properties: {
        prompt: { type: 'string', maxLength: MAX_PROMPT_BYTES },
      },
    });
  });

  it('generates, waits for the run, and reads a generated file', async () => {
    const started = await invoke('generate-code', {
      ...seedRequest,
      idempotencyKey: 'actions-e2e',
    });
    expect(started).toEqual({
      workflowId: RUN,
      runId: expect.any(String),
      links: {
        api: expect.stringMatching(
          new RegExp(
            `^http://.+/api/quantumlayer/v1/workflows/${RUN.replace(
              '.',
              '\\.',
            )}$`,
          ),
        ),
        portal: `http://portal.test/quantumlayer/runs/${RUN}`,
        temporalUi: `http://ui.test/namespaces/default/workflows/${RUN}`,
      },
    });

    // The same key: the same run, nothing new started.
    const again = await invoke('generate-code', {
      ...seedRequest,
      idempotencyKey: 'actions-e2e',
    });
    expect(again).toMatchObject({
      workflowId: started.workflowId,
      runId: started.runId,
    });

    let run = await invoke('get-workflow', {
      workflowId: started.workflowId,
      waitSeconds: 60,
    });
    for (let i = 0; run.status === 'running' && i < 3; i++) {
      run = await invoke('get-workflow', {
        workflowId: started.workflowId,
        waitSeconds: 60,
      });
    }
    expect(run).toMatchObject({
      workflowId: RUN,
      status: 'completed',
      currentStage: 'done',
      owner: 'user:default/mock',
      group: 'group:default/codegen',
      error: null,
      result: {
        testsPassed: true,
        artifactId: expect.stringMatching(/^art-/),
        offlineTemplate: true,
        reviewFindings: expect.arrayContaining([
          `[major] ${OFFLINE_TEMPLATE_WARNING}`,
        ]),
      },
    });
    expect(run.stages).toHaveLength(12);
    expect(run.stages[0]).toMatchObject({
      status: 'completed',
      durationMs: expect.any(Number),
    });

    const artifact = await invoke('get-artifact', {
      artifactId: run.result.artifactId,
    });
    expect(artifact.workflowId).toBe(RUN);
    expect(artifact.offlineTemplate).toBe(true);
    expect(artifact.files.map((f: Json) => f.path).sort()).toEqual([
      'README.md',
      'test_project.py',
      'test_test_project.py',
    ]);
    expect(artifact.file).toBeUndefined();

    const code = await invoke('get-artifact', {
      artifactId: run.result.artifactId,
      path: 'test_project.py',
    });
    expect(code.file).toMatchObject({
      path: 'test_project.py',
      encoding: 'utf-8',
      truncated: false,
    });
    expect(code.file.content).toContain('def test_project(text: str)');
    expect(code.file.size).toBe(Buffer.byteLength(code.file.content));

    const cut = await invoke('get-artifact', {
      artifactId: run.result.artifactId,
      path: 'test_project.py',
      maxBytes: 10,
    });
    expect(cut.file).toMatchObject({
      truncated: true,
      returnedBytes: 10,
      content: code.file.content.slice(0, 10),
      size: code.file.size,
    });

    // Audited like the REST calls, with who asked and no prompt text.
    const start = harness.ql.events.find(
      e => e.eventId === 'workflow-start' && e.meta.workflowId === RUN,
    );
    expect(start).toMatchObject({
      outcome: 'success',
      meta: { actor: 'user:default/mock', via: 'action', language: 'python' },
    });
    expect(JSON.stringify(harness.ql.events)).not.toContain(seedRequest.prompt);
    expect(harness.ql.events).toContainEqual(
      expect.objectContaining({
        eventId: 'artifact-download',
        outcome: 'success',
        meta: expect.objectContaining({
          artifactId: run.result.artifactId,
          file: 'test_project.py',
          actor: 'user:default/mock',
        }),
      }),
    );

    // Listed for its owner, with the status and owner filters.
    const deadline = Date.now() + 30_000;
    let listed: Json;
    do {
      listed = await invoke('list-workflows', {
        status: 'completed',
        owner: 'me',
        pageSize: 100,
      });
    } while (
      !listed.items.some((r: Json) => r.workflowId === RUN) &&
      Date.now() < deadline &&
      (await new Promise(r => setTimeout(r, 200)), true)
    );
    expect(listed.items).toContainEqual(
      expect.objectContaining({
        workflowId: RUN,
        status: 'completed',
        owner: 'user:default/mock',
      }),
    );
    expect(
      listed.items.every(
        (r: Json) =>
          r.status === 'completed' && r.owner === 'user:default/mock',
      ),
    ).toBe(true);
    const others = await invoke('list-workflows', {
      owner: 'user:default/somebody-else',
    });
    expect(others.items).toEqual([]);
    const running = await invoke('list-workflows', { status: 'running' });
    expect(running.items.some((r: Json) => r.workflowId === RUN)).toBe(false);

    // A reader may follow the run but not download its files.
    expect(
      (await invoke('get-workflow', { workflowId: RUN }, reader)).status,
    ).toBe('completed');
    const refused = await refusal(
      'get-artifact',
      { artifactId: run.result.artifactId, path: 'README.md' },
      reader,
    );
    expect(refused.name).toBe('NotAllowedError');
    expect(refused.message).toBe(
      `not allowed: quantumlayer.artifact.read on workflow ${RUN}`,
    );
  });

  it('scopes idempotencyKey to the caller and refuses it with another input (finding 7)', async () => {
    const other = { ...seedRequest, requirements: { project_name: 'Other' } };
    const mine = await invoke('generate-code', {
      ...seedRequest,
      idempotencyKey: 'scoped-1',
    });
    expect(mine.workflowId).toBe(
      workflowIdFor('scoped-1', 'user:default/mock'),
    );

    // The same caller and key with another input: refused, not that run.
    const conflict = await refusal('generate-code', {
      ...other,
      idempotencyKey: 'scoped-1',
    });
    expect(conflict.name).toBe('ConflictError');
    expect(conflict.message).toBe(
      `idempotency key "scoped-1" was already used for a different request (workflow ${mine.workflowId}); send the same request again to get that run, or use a new key for this one`,
    );

    // Another caller's same key is theirs: a run of their own.
    const theirs = await invoke(
      'generate-code',
      { ...other, idempotencyKey: 'scoped-1' },
      reader,
    );
    expect(theirs.workflowId).toBe(
      workflowIdFor('scoped-1', 'user:default/reader'),
    );
    expect(theirs.runId).not.toBe(mine.runId);
    const run = await invoke(
      'get-workflow',
      { workflowId: theirs.workflowId },
      reader,
    );
    expect(run.owner).toBe('user:default/reader');
  });

  it('pages the run list with pageToken', async () => {
    await invoke('generate-code', { ...seedRequest, idempotencyKey: 'page-1' });
    await invoke('generate-code', { ...seedRequest, idempotencyKey: 'page-2' });
    const seen = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (!(seen.has(PAGE_1) && seen.has(PAGE_2))) {
      if (Date.now() > deadline) throw new Error('runs never listed');
      seen.clear();
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = await invoke('list-workflows', {
          pageSize: 1,
          ...(pageToken ? { pageToken } : {}),
        });
        expect(page.items.length).toBeLessThanOrEqual(1);
        page.items.forEach((r: Json) => seen.add(r.workflowId));
        pageToken = page.nextPageToken ?? undefined;
        pages++;
      } while (pageToken && pages < 50);
      expect(pages).toBeGreaterThan(1);
    }
  });
});
