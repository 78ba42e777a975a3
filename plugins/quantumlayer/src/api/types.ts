import type {
  ApprovalRecord,
  OfflineTemplateFlag,
  PipelineRecord,
  StageRecord,
  UsageGrouping,
  WorkflowRunStatus,
  WorkflowRunSummary,
} from '@internal/backstage-plugin-quantumlayer-common';

export { USAGE_GROUPINGS } from '@internal/backstage-plugin-quantumlayer-common';
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

/** A file of an artifact, as its manifest lists it. @public */
export interface ArtifactFile {
  path: string;
  size: number;
  sha256: string;
}

/**
 * What an artifact records about the run that made it; `offlineTemplate`
 * says the offline template answered and the files do not implement the
 * prompt. @public
 */
export interface ArtifactManifest extends OfflineTemplateFlag {
  workflowId: string;
  provider: string;
  model: string;
  testsPassed: boolean | null;
  stages: Pick<StageRecord, 'stage' | 'status' | 'detail'>[];
  files: ArtifactFile[];
  createdAt: string;
  /** The request as the run received it. */
  request?: Record<string, unknown>;
  /** Plan, prompt versions, parse verdicts, tests, repairs, review, usage. */
  pipeline?: PipelineRecord;
}

/** Answer of `GET /v1/artifacts/:id`. @public */
export interface Artifact {
  id: string;
  workflow_id: string;
  total_size: number;
  manifest: ArtifactManifest;
}

/** Options of {@link QuantumlayerApi.getUsage}; days are `YYYY-MM-DD` (UTC). @public */
export interface UsageQuery {
  groupBy: UsageGrouping;
  from?: string;
  to?: string;
}
