import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { seedRequest } from './__testUtils__/activities';
import { api, usePluginBackend, user } from './__testUtils__/plugin-backend';
import { workflowIdFor } from './service/operations/workflow-operations';

jest.setTimeout(120_000);

describe('workflow REST API runs', () => {
  const plugin = usePluginBackend();

  it('runs the seed request end to end: 202, 12 stages, downloadable artifact, listed', async () => {
    const started = await request(plugin.server)
      .post(`${api}/v1/workflows/generate-extended`)
      .set('Authorization', user)
      .send(seedRequest);
    expect(started.status).toBe(202);
    expect(started.body).toEqual({
      workflow_id: expect.stringMatching(/^ql-/),
      run_id: expect.any(String),
    });

    // One long-poll answers once the run has closed.
    const done = await request(plugin.server)
      .get(`${api}/v1/workflows/${started.body.workflow_id}?wait_ms=30000`)
      .set('Authorization', user);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    expect(done.body.current_stage).toBe('done');
    expect(done.body.temporal_ui_url).toBe(
      `http://ui.test/namespaces/default/workflows/${started.body.workflow_id}`,
    );
    const result = done.body.result;
    expect(result.stages).toHaveLength(12);
    expect(result.testsPassed).toBe(true);

    const artifact = await request(plugin.server)
      .get(`${api}/v1/artifacts/${result.artifactId}`)
      .set('Authorization', user);
    expect(artifact.status).toBe(200);
    expect(
      artifact.body.manifest.files.map((f: { path: string }) => f.path).sort(),
    ).toEqual(['README.md', 'test_project.py', 'test_test_project.py']);
    const file = await request(plugin.server)
      .get(`${api}/v1/artifacts/${result.artifactId}/files/test_project.py`)
      .set('Authorization', user)
      .buffer(true)
      .parse((res, cb) => {
        let data = '';
        res.on('data', c => (data += c));
        res.on('end', () => cb(null, data));
      });
    expect(file.status).toBe(200);
    expect(file.body).toContain('def test_project(text: str)');

    // The sandbox's log, which the pipeline record references, downloads too.
    const log = await request(plugin.server)
      .get(
        `${api}/v1/artifacts/${result.artifactId}/blobs/${artifact.body.manifest.pipeline.tests.logKey}`,
      )
      .set('Authorization', user);
    expect(log.status).toBe(200);
    expect(log.headers['content-disposition']).toBe(
      'attachment; filename="test-log.txt"',
    );
    expect(log.text).toMatch(/^\$ exit 0\n/);

    // The run's LLM calls went through the router, billed to the user who
    // started it and to their catalog group.
    const usage = await request(plugin.server)
      .get(`${api}/v1/usage?groupBy=group`)
      .set('Authorization', user);
    expect(usage.status).toBe(200);
    expect(usage.body.rows).toContainEqual(
      expect.objectContaining({
        key: 'group:default/codegen',
        requests: expect.any(Number),
      }),
    );
    const byUser = await request(plugin.server)
      .get(`${api}/v1/usage?groupBy=user`)
      .set('Authorization', user);
    const mine = byUser.body.rows.find(
      (r: { key: string }) => r.key === 'user:default/mock',
    );
    expect(mine.requests).toBeGreaterThanOrEqual(3); // plan, code, tests

    const list = await request(plugin.server)
      .get(`${api}/v1/workflows?status=completed&page_size=50`)
      .set('Authorization', user);
    expect(list.status).toBe(200);
    // Visibility is eventually consistent; the run shows up once indexed.
    expect(
      list.body.items.every(
        (i: { status: string }) => i.status === 'completed',
      ),
    ).toBe(true);
  });

  it('gates a run for approval: 409 before the gate, then approved by the caller, visible in the status', async () => {
    const started = await request(plugin.server)
      .post(`${api}/v1/workflows/generate-extended`)
      .set('Authorization', user)
      .send({
        ...seedRequest,
        approval: { required: true, timeout_seconds: 600 },
      });
    expect(started.status).toBe(202);
    const id = started.body.workflow_id;
    let detail;
    const deadline = Date.now() + 60_000;
    for (;;) {
      detail = await request(plugin.server)
        .get(`${api}/v1/workflows/${id}`)
        .set('Authorization', user);
      // Visibility (current_stage) follows the workflow's state a moment later.
      if (
        detail.body.progress?.approval?.status === 'awaiting' &&
        detail.body.current_stage === 'awaiting_approval'
      )
        break;
      if (Date.now() > deadline) throw new Error('never reached the gate');
      await new Promise(r => setTimeout(r, 100));
    }

    const bad = await request(plugin.server)
      .post(`${api}/v1/workflows/${id}/approval`)
      .set('Authorization', user)
      .send({ decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain(
      'decision must be approve or reject',
    );

    const approved = await request(plugin.server)
      .post(`${api}/v1/workflows/${id}/approval`)
      .set('Authorization', user)
      .send({ decision: 'approve', reason: 'reviewed the plan' });
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({
      status: 'approved',
      by: 'user:default/mock',
      reason: 'reviewed the plan',
    });
    const done = await plugin.waitForClose(id);
    expect(done.body.status).toBe('completed');
    expect(done.body.result.approval).toMatchObject({ status: 'approved' });

    const late = await request(plugin.server)
      .post(`${api}/v1/workflows/${id}/approval`)
      .set('Authorization', user)
      .send({ decision: 'reject' });
    expect(late.status).toBe(409);
  });

  it('refuses a wait_ms that is not 0 to 30000 milliseconds with 400', async () => {
    for (const [wait, message] of [
      ['soon', 'wait_ms must be a number of milliseconds'],
      ['1.5', 'wait_ms must be a whole number of milliseconds'],
      ['-1', 'wait_ms must be at least 0'],
      ['60000', 'wait_ms must be at most 30000; call again to wait longer'],
    ]) {
      const res = await request(plugin.server)
        .get(`${api}/v1/workflows/ql-any?wait_ms=${wait}`)
        .set('Authorization', user);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(`invalid query: wait_ms: ${message}`);
    }
  });

  it('maps an Idempotency-Key to one workflow', async () => {
    const send = () =>
      request(plugin.server)
        .post(`${api}/v1/workflows/generate-extended`)
        .set('Authorization', user)
        .set('Idempotency-Key', 'order-42')
        .send(seedRequest);
    const first = await send();
    const second = await send();
    expect(first.status).toBe(202);
    const id = workflowIdFor('order-42', 'user:default/mock');
    expect(first.body.workflow_id).toBe(id);
    expect(id).toMatch(/^ql-order-42\.[0-9a-f]{16}$/);
    expect(second.body).toEqual(first.body);
    await plugin.waitForClose(id);
    const third = await send();
    expect(third.body).toEqual(first.body);
    const bad = await request(plugin.server)
      .post(`${api}/v1/workflows/generate-extended`)
      .set('Authorization', user)
      .set('Idempotency-Key', 'no spaces please')
      .send(seedRequest);
    expect(bad.status).toBe(400);
  });

  it("gives another principal's Idempotency-Key its own run, and refuses a reused key with another body (finding 7)", async () => {
    const start = (auth: string, key: string, body: object) =>
      request(plugin.server)
        .post(`${api}/v1/workflows/generate-extended`)
        .set('Authorization', auth)
        .set('Idempotency-Key', key)
        .send(body);
    const unrelated = {
      ...seedRequest,
      requirements: { project_name: 'Unrelated' },
    };
    const owners = await start(user, 'victim-7', seedRequest);
    expect(owners.status).toBe(202);

    // The guest sends the victim's key with an unrelated body: its own run.
    const guest = mockCredentials.user.header('user:development/guest');
    const guests = await start(guest, 'victim-7', unrelated);
    expect(guests.status).toBe(202);
    expect(guests.body.workflow_id).not.toBe(owners.body.workflow_id);
    expect(guests.body.run_id).not.toBe(owners.body.run_id);
    expect(guests.body.workflow_id).toBe(
      workflowIdFor('victim-7', 'user:development/guest'),
    );
    const victims = await request(plugin.server)
      .get(`${api}/v1/workflows/${guests.body.workflow_id}`)
      .set('Authorization', guest);
    expect(victims.body.owner).toBe('user:development/guest');

    // The owner's same key with another body: 409, and no second run.
    const reused = await start(user, 'victim-7', unrelated);
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({
      name: 'ConflictError',
      message: `idempotency key "victim-7" was already used for a different request (workflow ${owners.body.workflow_id}); send the same request again to get that run, or use a new key for this one`,
    });
    // The same request again (its default left out this time): the same run.
    const { generate_tests: _default, ...sameRequest } = seedRequest;
    const again = await start(user, 'victim-7', sameRequest);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(owners.body);
  });

  it('answers for a run no worker serves yet, and cancels it', async () => {
    // A run on a task queue nobody polls stays at stage 1 without a worker.
    await plugin.env.client.workflow.start('generateExtended', {
      taskQueue: 'nobody-polls-this',
      workflowId: 'ql-unserved',
      args: [{ request: seedRequest, options: { maxRepairAttempts: 0 } }],
    });
    const started = Date.now();
    const res = await request(plugin.server)
      .get(`${api}/v1/workflows/ql-unserved`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'running',
      progress: null,
      result: null,
    });
    expect(Date.now() - started).toBeLessThan(10_000);

    const cancel = await request(plugin.server)
      .post(`${api}/v1/workflows/ql-unserved/cancel`)
      .set('Authorization', user);
    expect(cancel.status).toBe(202);
    expect(cancel.body).toEqual({
      workflow_id: 'ql-unserved',
      cancel_requested: true,
    });
    const handle = plugin.env.client.workflow.getHandle('ql-unserved');
    const history = await handle.fetchHistory();
    expect(
      history.events!.some(
        e => e.workflowExecutionCancelRequestedEventAttributes,
      ),
    ).toBe(true);
    // Cancellation is delivered at the next workflow task; terminate to clean up.
    await handle.terminate('test cleanup');
    const closed = await request(plugin.server)
      .get(`${api}/v1/workflows/ql-unserved`)
      .set('Authorization', user);
    expect(closed.body.status).toBe('terminated');
  });
});
