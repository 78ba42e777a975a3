import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type {
  StageStatus,
  WorkflowRunStatus,
} from '@internal/backstage-plugin-quantumlayer-common';

/** Which of core-components' status icons to show. */
export type StatusTone =
  | 'ok'
  | 'warning'
  | 'error'
  | 'pending'
  | 'running'
  | 'aborted';

const ICONS = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
  running: StatusRunning,
  aborted: StatusAborted,
} as const;

/**
 * A status icon with its label as readable text. The icon components hide
 * their children from assistive technology, so the label sits beside them.
 */
export function StatusLabel(props: {
  tone: StatusTone;
  label: string;
  testId?: string;
}) {
  const Icon = ICONS[props.tone];
  return (
    <span
      data-testid={props.testId}
      data-status={props.label}
      style={{ whiteSpace: 'nowrap' }}
    >
      <Icon />
      {props.label}
    </span>
  );
}

export const healthTone = (status: 'ok' | 'degraded' | 'down'): StatusTone =>
  (({ ok: 'ok', degraded: 'warning', down: 'error' } as const)[status] ??
  'pending');

export function runTone(status: WorkflowRunStatus | string): StatusTone {
  switch (status) {
    case 'running':
      return 'running';
    case 'completed':
      return 'ok';
    case 'failed':
    case 'terminated':
    case 'timed_out':
      return 'error';
    case 'cancelled':
      return 'aborted';
    default:
      return 'pending';
  }
}

export const stageTone = (status: StageStatus): StatusTone =>
  ((
    {
      pending: 'pending',
      running: 'running',
      completed: 'ok',
      skipped: 'aborted',
      failed: 'error',
    } as const satisfies Record<StageStatus, StatusTone>
  )[status] ?? 'pending');
