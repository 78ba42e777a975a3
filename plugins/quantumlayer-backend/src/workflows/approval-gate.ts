// The optional approval gate after review: deterministic, no I/O.
import { ApplicationFailure } from '@temporalio/workflow';
import type { ApprovalRecord } from '@internal/backstage-plugin-quantumlayer-common';
import type { ApprovalDecision } from './shared';

const MAX_REASON = 2000;

/** Holds the gate's state for the progress query and the approval update. */
export class ApprovalGate {
  record: ApprovalRecord | null = null;

  get decided(): boolean {
    return this.record !== null && this.record.status !== 'awaiting';
  }

  open(deadline: string): void {
    this.record = { status: 'awaiting', deadline };
  }

  /** The update's validator: refuses decisions the gate cannot take. */
  validate(decision: ApprovalDecision): void {
    if (this.record?.status !== 'awaiting') {
      throw new Error(
        this.record
          ? `this run's approval is already ${this.record.status}`
          : 'this run is not waiting for approval',
      );
    }
    if (decision.decision !== 'approve' && decision.decision !== 'reject') {
      throw new Error('decision must be approve or reject');
    }
    if (!decision.by) throw new Error('a decision needs who made it');
    if ((decision.reason ?? '').length > MAX_REASON) {
      throw new Error(`reason must be at most ${MAX_REASON} characters`);
    }
  }

  decide(decision: ApprovalDecision): ApprovalRecord {
    this.record = {
      ...this.record!,
      status: decision.decision === 'approve' ? 'approved' : 'rejected',
      by: decision.by,
      ...(decision.reason ? { reason: decision.reason } : {}),
      decidedAt: new Date().toISOString(),
    };
    return this.record;
  }

  /** After the wait: fails the run unless it was approved in time. */
  close(decided: boolean): void {
    const record = this.record!;
    if (!decided) {
      this.record = { ...record, status: 'timed_out' };
      throw ApplicationFailure.nonRetryable(
        `no approval decision before ${record.deadline}; start the run again to retry`,
        'ApprovalTimedOut',
      );
    }
    if (record.status === 'rejected') {
      throw ApplicationFailure.nonRetryable(
        `rejected by ${record.by}${record.reason ? `: ${record.reason}` : ''}`,
        'ApprovalRejected',
      );
    }
  }
}
