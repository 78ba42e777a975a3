import { seedRequest } from '../__testUtils__/activities';
import {
  reader,
  useWorkflowActions,
} from '../__testUtils__/workflow-actions';

jest.setTimeout(240_000);

const harness = useWorkflowActions();
const { invoke, refusal, until } = harness;

describe('QuantumLayer actions over a real Temporal dev server: approving and cancelling runs', () => {
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
      harness.ql.events.filter(
        e =>
          e.eventId === 'workflow-cancel' && e.meta.workflowId === workflowId,
      ),
    ).toEqual([
      expect.objectContaining({ outcome: 'success' }),
      expect.objectContaining({ outcome: 'success' }),
    ]);
  });
});
