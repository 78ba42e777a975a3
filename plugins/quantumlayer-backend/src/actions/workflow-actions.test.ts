import { mockCredentials } from '@backstage/backend-test-utils';
import {
  MAX_PROMPT_BYTES,
  quantumlayerArtifactReadPermission,
  quantumlayerWorkflowApprovePermission,
  quantumlayerWorkflowCancelPermission,
  quantumlayerWorkflowCreatePermission,
  quantumlayerWorkflowReadPermission,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { seedRequest } from '../__testUtils__/activities';
import { startActionsBackend } from '../__testUtils__/actions-backend';
import { createTemporalEnv } from '../__testUtils__/temporal';

jest.setTimeout(240_000);

const mock = mockCredentials.user(); // user:default/mock, group codegen
const outsider = mockCredentials.user('user:default/outsider');
const reader = mockCredentials.user('user:default/reader');

let env: TestWorkflowEnvironment;
let ql: Awaited<ReturnType<typeof startActionsBackend>>;

type Json = Record<string, any>;
const invoke = async (
  name: string,
  input: Json,
  credentials = mock as Parameters<typeof ql.invoke>[2],
) => (await ql.invoke(name, input, credentials)).output as Json;

/** Invokes and returns the error it was refused with. */
const refusal = (name: string, input: Json, credentials = mock as any) =>
  ql.invoke(name, input, credentials).then(
    () => {
      throw new Error(`${name} was not refused`);
    },
    (error: Error) => error,
  );

/** get-workflow until `done` holds (polls without waiting server-side). */
async function until(workflowId: string, done: (run: Json) => boolean) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const run = await invoke('get-workflow', { workflowId });
    if (done(run)) return run;
    if (Date.now() > deadline) throw new Error(`${workflowId} never got there`);
    await new Promise(r => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  env = await createTemporalEnv();
  ql = await startActionsBackend({
    config: {
      app: { baseUrl: 'http://portal.test' },
      quantumlayer: {
        temporal: {
          address: env.address,
          taskQueue: 'actions-test',
          uiUrl: 'http://ui.test',
        },
      },
    },
    denied: {
      'user:default/outsider': [
        quantumlayerWorkflowCreatePermission.name,
        quantumlayerWorkflowReadPermission.name,
        quantumlayerWorkflowCancelPermission.name,
        quantumlayerWorkflowApprovePermission.name,
        quantumlayerArtifactReadPermission.name,
      ],
      // May read runs, but not their artifacts, nor cancel or approve them.
      'user:default/reader': [
        quantumlayerArtifactReadPermission.name,
        quantumlayerWorkflowCancelPermission.name,
        quantumlayerWorkflowApprovePermission.name,
      ],
    },
  });
});

afterAll(async () => {
  await ql?.backend.stop();
  await env?.teardown();
});

describe('QuantumLayer actions over a real Temporal dev server', () => {
  it('registers every action with honest attributes', async () => {
    const { actions } = await ql.registry.list();
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
      workflowId: 'ql-actions-e2e',
      runId: expect.any(String),
      links: {
        api: expect.stringMatching(
          /^http:\/\/.+\/api\/quantumlayer\/v1\/workflows\/ql-actions-e2e$/,
        ),
        portal: 'http://portal.test/quantumlayer/runs/ql-actions-e2e',
        temporalUi:
          'http://ui.test/namespaces/default/workflows/ql-actions-e2e',
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
      workflowId: 'ql-actions-e2e',
      status: 'completed',
      currentStage: 'done',
      owner: 'user:default/mock',
      group: 'group:default/codegen',
      error: null,
      result: { testsPassed: true, artifactId: expect.stringMatching(/^art-/) },
    });
    expect(run.stages).toHaveLength(12);
    expect(run.stages[0]).toMatchObject({
      status: 'completed',
      durationMs: expect.any(Number),
    });

    const artifact = await invoke('get-artifact', {
      artifactId: run.result.artifactId,
    });
    expect(artifact.workflowId).toBe('ql-actions-e2e');
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
    const start = ql.events.find(
      e =>
        e.eventId === 'workflow-start' &&
        e.meta.workflowId === 'ql-actions-e2e',
    );
    expect(start).toMatchObject({
      outcome: 'success',
      meta: { actor: 'user:default/mock', via: 'action', language: 'python' },
    });
    expect(JSON.stringify(ql.events)).not.toContain(seedRequest.prompt);
    expect(ql.events).toContainEqual(
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
      !listed.items.some((r: Json) => r.workflowId === 'ql-actions-e2e') &&
      Date.now() < deadline &&
      (await new Promise(r => setTimeout(r, 200)), true)
    );
    expect(listed.items).toContainEqual(
      expect.objectContaining({
        workflowId: 'ql-actions-e2e',
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
    expect(
      running.items.some((r: Json) => r.workflowId === 'ql-actions-e2e'),
    ).toBe(false);

    // A reader may follow the run but not download its files.
    expect(
      (await invoke('get-workflow', { workflowId: 'ql-actions-e2e' }, reader))
        .status,
    ).toBe('completed');
    const refused = await refusal(
      'get-artifact',
      { artifactId: run.result.artifactId, path: 'README.md' },
      reader,
    );
    expect(refused.name).toBe('NotAllowedError');
    expect(refused.message).toBe(
      'not allowed: quantumlayer.artifact.read on workflow ql-actions-e2e',
    );
  });

  it('pages the run list with pageToken', async () => {
    await invoke('generate-code', { ...seedRequest, idempotencyKey: 'page-1' });
    await invoke('generate-code', { ...seedRequest, idempotencyKey: 'page-2' });
    const seen = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (!(seen.has('ql-page-1') && seen.has('ql-page-2'))) {
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

  it('approves a run waiting at its approval gate, once', async () => {
    const { workflowId } = await invoke('generate-code', {
      ...seedRequest,
      approval: { required: true, timeout_seconds: 600 },
      idempotencyKey: 'actions-approval',
    });
    const waiting = await until(
      workflowId,
      r =>
        r.approval?.status === 'awaiting' &&
        r.currentStage === 'awaiting_approval',
    );
    expect(waiting.status).toBe('running');

    const refused = await refusal(
      'approve-workflow',
      { workflowId, decision: 'approve' },
      reader,
    );
    expect(refused.name).toBe('NotAllowedError');
    expect(refused.message).toBe(
      `not allowed: quantumlayer.workflow.approve on workflow ${workflowId}`,
    );

    const approved = await invoke('approve-workflow', {
      workflowId,
      decision: 'approve',
      reason: 'plan reviewed',
    });
    expect(approved).toEqual({
      workflowId,
      approval: expect.objectContaining({
        status: 'approved',
        by: 'user:default/mock',
        reason: 'plan reviewed',
      }),
    });
    const done = await invoke('get-workflow', { workflowId, waitSeconds: 60 });
    expect(done.status).toBe('completed');
    expect(done.approval).toMatchObject({ status: 'approved' });

    // A gate decides once: not idempotent, refused as a conflict.
    const late = await refusal('approve-workflow', {
      workflowId,
      decision: 'reject',
    });
    expect(late.name).toBe('ConflictError');
    expect(late.message).toMatch(/nothing to approve/);
  });

  it('cancels a running run; cancelling again changes nothing', async () => {
    const { workflowId } = await invoke('generate-code', {
      ...seedRequest,
      approval: { required: true, timeout_seconds: 600 },
      idempotencyKey: 'actions-cancel',
    });
    await until(workflowId, r => r.approval?.status === 'awaiting');

    const refused = await refusal('cancel-workflow', { workflowId }, reader);
    expect(refused.name).toBe('NotAllowedError');
    expect(refused.message).toBe(
      `not allowed: quantumlayer.workflow.cancel on workflow ${workflowId}`,
    );

    expect(await invoke('cancel-workflow', { workflowId })).toEqual({
      workflowId,
      cancelRequested: true,
      status: 'running',
    });
    const closed = await invoke('get-workflow', {
      workflowId,
      waitSeconds: 60,
    });
    expect(closed.status).toBe('cancelled');
    expect(closed.result).toBeNull();
    expect(await invoke('cancel-workflow', { workflowId })).toEqual({
      workflowId,
      cancelRequested: false,
      status: 'cancelled',
    });
    expect(
      ql.events.filter(
        e =>
          e.eventId === 'workflow-cancel' && e.meta.workflowId === workflowId,
      ),
    ).toEqual([
      expect.objectContaining({ outcome: 'success' }),
      expect.objectContaining({ outcome: 'success' }),
    ]);
  });

  it('answers an unknown run with NotFoundError', async () => {
    const unknown = await refusal('get-workflow', { workflowId: 'ql-nope' });
    // The mock policy allows, so the run lookup answers.
    expect(unknown.name).toBe('NotFoundError');
    expect(unknown.message).toBe('workflow ql-nope not found');
  });

  it('refuses each action to a caller without its permission', async () => {
    const cases: Array<[string, Json, string]> = [
      [
        'generate-code',
        { ...seedRequest, idempotencyKey: 'outsider' },
        'not allowed: quantumlayer.workflow.create',
      ],
      [
        'get-workflow',
        { workflowId: 'ql-actions-e2e' },
        'not allowed: quantumlayer.workflow.read on workflow ql-actions-e2e',
      ],
      ['list-workflows', {}, 'not allowed: quantumlayer.workflow.read'],
      [
        'cancel-workflow',
        { workflowId: 'ql-actions-e2e' },
        'not allowed: quantumlayer.workflow.cancel on workflow ql-actions-e2e',
      ],
      [
        'approve-workflow',
        { workflowId: 'ql-actions-e2e', decision: 'approve' },
        'not allowed: quantumlayer.workflow.approve on workflow ql-actions-e2e',
      ],
    ];
    for (const [name, input, message] of cases) {
      const error = await refusal(name, input, outsider);
      expect({ name, error: error.name, message: error.message }).toEqual({
        name,
        error: 'NotAllowedError',
        message,
      });
    }
    // Nothing was started for the outsider.
    await expect(
      env.client.workflow.getHandle('ql-outsider').describe(),
    ).rejects.toThrow();
    // Anonymous credentials (no identity) are refused outright.
    const anonymous = await refusal(
      'generate-code',
      { ...seedRequest },
      mockCredentials.none(),
    );
    expect(anonymous.name).toBe('NotAllowedError');
  });

  it('answers bad input with InputErrors that name the field', async () => {
    const cases: Array<[string, Json, RegExp]> = [
      [
        'generate-code',
        { ...seedRequest, shell: 'rm -rf /' },
        /^invalid input to generate-code: \(input\): Unrecognized key\(s\) in object: 'shell'$/,
      ],
      [
        'generate-code',
        { ...seedRequest, prompt: 'x'.repeat(MAX_PROMPT_BYTES + 1) },
        /^invalid input to generate-code: prompt: String must contain at most 65536 character/,
      ],
      [
        'generate-code',
        // Within the characters, over the bytes: the shared request schema says so.
        { ...seedRequest, prompt: 'é'.repeat(MAX_PROMPT_BYTES / 2 + 1) },
        /^invalid request: prompt: prompt must be at most 65536 bytes$/,
      ],
      [
        'generate-code',
        { ...seedRequest, requirements: { project_name: '1bad' } },
        /^invalid request: requirements\.project_name: project_name must start with a letter/,
      ],
      [
        'generate-code',
        { ...seedRequest, idempotencyKey: 'no spaces' },
        /^invalid input to generate-code: idempotencyKey: 1 to 200 characters/,
      ],
      [
        'get-artifact',
        { artifactId: 'a'.repeat(64), path: '../../etc/passwd' },
        /^invalid input to get-artifact: path: path must not contain "\.\."/,
      ],
      [
        'get-artifact',
        { artifactId: 'a'.repeat(64), path: '/etc/passwd' },
        /^invalid input to get-artifact: path: path must be relative/,
      ],
      [
        'get-artifact',
        { artifactId: 'a'.repeat(64), maxBytes: 10 * 1024 * 1024 },
        /^invalid input to get-artifact: maxBytes: Number must be less than or equal to 1048576$/,
      ],
      [
        'get-workflow',
        { workflowId: 'ql-actions-e2e', waitSeconds: 3600 },
        /^invalid input to get-workflow: waitSeconds: waitSeconds must be at most 60; call again to wait longer$/,
      ],
      [
        'get-workflow',
        { workflowId: '../ql' },
        /^invalid input to get-workflow: workflowId: workflowId must be a workflow id/,
      ],
      [
        'list-workflows',
        { status: 'lost' },
        /^invalid input to list-workflows: status: Invalid enum value/,
      ],
      [
        'approve-workflow',
        { workflowId: 'ql-x', decision: 'maybe' },
        /^invalid input to approve-workflow: decision: Invalid enum value/,
      ],
      [
        'platform-health',
        { verbose: true },
        /^invalid input to platform-health: \(input\): Unrecognized key/,
      ],
    ];
    for (const [name, input, message] of cases) {
      const error = await refusal(name, input);
      expect({ name, error: error.name, message: error.message }).toEqual({
        name,
        error: 'InputError',
        message: expect.stringMatching(message),
      });
    }
  });
});
