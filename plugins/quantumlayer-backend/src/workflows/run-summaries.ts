import type {
  ListableRunStatus,
  WorkflowRunStatus,
  WorkflowRunSummary,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { defaultPayloadConverter, mapFromPayloads } from '@temporalio/common';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { CODEGEN_STAGE_KEY, GENERATE_EXTENDED_WORKFLOW } from './shared';

export const STATUS: Record<string, WorkflowRunStatus> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
  CONTINUED_AS_NEW: 'continued_as_new',
};

/** Temporal's ExecutionStatus name of each listable status. */
const FILTERS: Record<ListableRunStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  timed_out: 'TimedOut',
};

const STATUS_BY_NUMBER: Record<number, string> = {
  1: 'RUNNING',
  2: 'COMPLETED',
  3: 'FAILED',
  4: 'CANCELLED',
  5: 'TERMINATED',
  6: 'CONTINUED_AS_NEW',
  7: 'TIMED_OUT',
};

function toIso(
  ts: { seconds?: unknown; nanos?: number | null } | null | undefined,
): string | null {
  if (!ts || ts.seconds === undefined || ts.seconds === null) return null;
  const seconds = Number(ts.seconds);
  return new Date(
    seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6),
  ).toISOString();
}

export const ownerOf = (memo: Record<string, unknown> | undefined) => ({
  owner: typeof memo?.owner === 'string' ? memo.owner : null,
  group: typeof memo?.group === 'string' ? memo.group : null,
});

/** The visibility query of the run list: the workflow type, a status, a filter. */
export function listQuery(status?: ListableRunStatus, where?: string): string {
  let query = `WorkflowType = '${GENERATE_EXTENDED_WORKFLOW}'`;
  if (status) query += ` AND ExecutionStatus = '${FILTERS[status]}'`;
  if (where) query += ` AND (${where})`;
  return query;
}

type Timestamp = Parameters<typeof toIso>[0];

/** The fields of Temporal's visibility record the run list reads. */
export interface VisibilityRecord {
  execution?: { workflowId?: string | null; runId?: string | null } | null;
  status?: unknown;
  startTime?: Timestamp;
  closeTime?: Timestamp;
  searchAttributes?: {
    indexedFields?: Parameters<typeof decodeTypedSearchAttributes>[0];
  } | null;
  memo?: { fields?: Parameters<typeof mapFromPayloads>[1] } | null;
}

/** One row of the run list, from Temporal's visibility record. */
export function summarizeExecution(e: VisibilityRecord): WorkflowRunSummary {
  const attributes = decodeTypedSearchAttributes(
    e.searchAttributes?.indexedFields,
  );
  const statusName = STATUS_BY_NUMBER[Number(e.status)] ?? '';
  return {
    workflow_id: e.execution?.workflowId ?? '',
    run_id: e.execution?.runId ?? '',
    status: STATUS[statusName] ?? 'unknown',
    current_stage: attributes.get(CODEGEN_STAGE_KEY) ?? null,
    start_time: toIso(e.startTime),
    close_time: toIso(e.closeTime),
    ...ownerOf(mapFromPayloads(defaultPayloadConverter, e.memo?.fields)),
  };
}

/** One run's summary, from a handle's description. */
export function summarizeDescription(
  d: Pick<
    WorkflowExecutionInfo,
    'workflowId' | 'runId' | 'status' | 'startTime' | 'closeTime' | 'memo'
  > & {
    typedSearchAttributes: {
      get(key: typeof CODEGEN_STAGE_KEY): string | undefined;
    };
  },
): WorkflowRunSummary {
  return {
    workflow_id: d.workflowId,
    run_id: d.runId,
    status: STATUS[d.status.name] ?? 'unknown',
    current_stage: d.typedSearchAttributes.get(CODEGEN_STAGE_KEY) ?? null,
    start_time: d.startTime.toISOString(),
    close_time: d.closeTime?.toISOString() ?? null,
    ...ownerOf(d.memo),
  };
}
