import type {
  ApprovalRecord,
  UsageGrouping,
  WorkflowRunStatus,
  WorkflowRunSummary,
} from '@internal/backstage-plugin-quantumlayer-common';

export { USAGE_GROUPINGS } from '@internal/backstage-plugin-quantumlayer-common';
export type {
  Artifact,
  ArtifactFile,
  ArtifactManifest,
} from '@internal/backstage-plugin-quantumlayer-common';
export type {
  UsageGrouping,
  UsageReport,
  UsageRow,
} from '@internal/backstage-plugin-quantumlayer-common';

/** One page of `GET /v1/workflows`. @public */
export interface WorkflowRunsPage {
  items: WorkflowRunSummary[];
  next_page_token: string | null;
}

/** Options of {@link QuantumlayerApi.listRuns}. @public */
export interface ListRunsOptions {
  status?: WorkflowRunStatus;
  pageSize?: number;
  pageToken?: string;
}

/** Answer of `POST /v1/workflows/:id/cancel`. @public */
export interface CancelRunResponse {
  workflow_id: string;
  cancel_requested: boolean;
}

/** Body of `POST /v1/workflows/:id/approval`. @public */
export interface ApprovalDecision {
  decision: 'approve' | 'reject';
  reason?: string;
}

/** Answer of `POST /v1/workflows/:id/approval`. @public */
export interface ApprovalResponse {
  workflow_id: string;
  approval: ApprovalRecord;
}

/** Options of {@link QuantumlayerApi.getUsage}; days are `YYYY-MM-DD` (UTC). @public */
export interface UsageQuery {
  groupBy: UsageGrouping;
  from?: string;
  to?: string;
}
