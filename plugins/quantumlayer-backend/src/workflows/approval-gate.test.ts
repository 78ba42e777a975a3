import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { realActivities, seedRequest } from '../__testUtils__/activities';
import { createTestDatabases, migrated } from '../__testUtils__/database';
import {
  causes,
  input,
  until,
  useWorkflowHarness,
} from '../__testUtils__/workflow-harness';
import type { generateExtended } from './workflows';
import { approvalUpdate, CODEGEN_STAGE_KEY, progressQuery } from './shared';

jest.setTimeout(120_000);
const databases = createTestDatabases();
const harness = useWorkflowHarness();

describe('the approval gate', () => {
  const gated = (timeout_seconds: number) =>
    input({ ...seedRequest, approval: { required: true, timeout_seconds } });

  async function runGated(
    workflowId: string,
    timeoutSeconds: number,
    decide?: (handle: WorkflowHandle) => Promise<unknown>,
  ) {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const { activities, store } = await realActivities(knex);
    const taskQueue = harness.nextTaskQueue();
    const worker = await Worker.create({
      connection: harness.env.nativeConnection,
      taskQueue,
      workflowBundle: harness.workflowBundle,
      activities,
    });
    return worker.runUntil(async () => {
      const handle = await harness.env.client.workflow.start<
        typeof generateExtended
      >('generateExtended', {
        taskQueue,
        workflowId,
        args: [gated(timeoutSeconds)],
      });
      const attributeNow = async () =>
        (await handle.describe()).typedSearchAttributes.get(CODEGEN_STAGE_KEY);
      // Visibility (the attribute) follows the workflow's state a moment later.
      await until(
        async () =>
          (await handle.query(progressQuery)).approval?.status === 'awaiting' &&
          (await attributeNow()) === 'awaiting_approval',
        'the approval gate',
      );
      const awaiting = await handle.query(progressQuery);
      const attribute = await attributeNow();
      const answer = decide ? await decide(handle) : undefined;
      let error: Error | undefined;
      const result = await handle.result().catch(e => {
        error = e;
      });
      return {
        awaiting,
        attribute,
        answer,
        result: result || undefined,
        error,
        progress: await handle.query(progressQuery),
        artifacts: await store.countArtifactsForWorkflow(workflowId),
      };
    });
  }

  it('waits after review and goes on when approved, recording who and why', async () => {
    const out = await runGated('wf-approve-1', 600, handle =>
      handle.executeUpdate(approvalUpdate, {
        args: [
          { decision: 'approve', by: 'user:default/alice', reason: 'lgtm' },
        ],
      }),
    );
    expect(out.awaiting.approval!.status).toBe('awaiting');
    expect(out.awaiting.stages.find(s => s.stage === 'review')!.status).toBe(
      'completed',
    );
    expect(out.awaiting.stages.find(s => s.stage === 'document')!.status).toBe(
      'pending',
    );
    expect(out.attribute).toBe('awaiting_approval');
    expect(out.answer).toMatchObject({
      status: 'approved',
      by: 'user:default/alice',
      reason: 'lgtm',
    });
    expect(out.result).toMatchObject({
      testsPassed: true,
      approval: { status: 'approved', by: 'user:default/alice' },
    });
    expect(out.artifacts).toBe(1);
  });

  it('fails the run when rejected, storing nothing', async () => {
    const out = await runGated('wf-reject-1', 600, handle =>
      handle.executeUpdate(approvalUpdate, {
        args: [
          {
            decision: 'reject',
            by: 'user:default/bob',
            reason: 'no tests for errors',
          },
        ],
      }),
    );
    expect(causes(out.error)).toContain(
      'rejected by user:default/bob: no tests for errors',
    );
    expect(out.progress.approval).toMatchObject({ status: 'rejected' });
    expect(out.artifacts).toBe(0);
  });

  it('fails the run when nobody decides before the timeout', async () => {
    const out = await runGated('wf-approval-timeout', 1);
    expect(causes(out.error)).toContain('no approval decision before');
    expect(out.progress.approval!.status).toBe('timed_out');
    expect(out.artifacts).toBe(0);
  });

  it('refuses a decision when the run is not waiting', async () => {
    const out = await runGated('wf-approve-twice', 600, async handle => {
      await handle.executeUpdate(approvalUpdate, {
        args: [{ decision: 'approve', by: 'user:default/alice' }],
      });
      return handle
        .executeUpdate(approvalUpdate, {
          args: [{ decision: 'reject', by: 'user:default/mallory' }],
        })
        .catch((e: Error) => causes(e));
    });
    // Refused by the validator, or by Temporal when the approved run is
    // already closing: either way the second decision changes nothing.
    expect(out.answer).toMatch(
      /already approved|already completed|aborted by closing workflow/,
    );
    expect(out.result).toMatchObject({
      approval: { by: 'user:default/alice' },
    });
  });
});
