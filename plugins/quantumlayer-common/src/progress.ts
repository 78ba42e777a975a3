import type { OfflineTemplateFlag } from './offline-template';
import type { ApprovalRecord, RunUsageRecord } from './pipeline';
import type { CodegenStage } from './stages';
import type { WORKFLOW_RUN_STATUSES } from './workflow-queries';

/** State of one stage in a run. @public */
export type StageStatus =
  | 'pending'
  | 'running'
  | 'completed'
  | 'skipped'
  | 'failed';

/** Timing and verdict of one stage. @public */
export interface StageRecord {
  stage: CodegenStage;
  status: StageStatus;
  startedAt?: string;
  durationMs?: number;
  /** Short, log-safe summary of what the stage did. */
  detail?: string;
}

/** What the progress query answers. @public */
export interface WorkflowProgress {
  currentStage: CodegenStage | 'done';
  stages: StageRecord[];
  repairAttempts: number;
  /** What the run's LLM calls have spent so far, against its budget. */
  usage?: RunUsageRecord;
  /** The approval gate, when the request asked for one. */
  approval?: ApprovalRecord | null;
}

/** Summary of one generated file. @public */
export interface GeneratedFileSummary {
  path: string;
  size: number;
  sha256: string;
}

/**
 * The generate-extended workflow's result. `offlineTemplate: true` says the
 * offline template provider answered and the files do not implement the
 * prompt.
 *
 * @public
 */
export interface GenerateResult extends OfflineTemplateFlag {
  artifactId: string;
  provider: string;
  model: string;
  testsPassed: boolean | null;
  testSummary: string;
  repairAttempts: number;
  reviewFindings: string[];
  files: GeneratedFileSummary[];
  stages: StageRecord[];
  totalDurationMs: number;
  usage?: RunUsageRecord;
  approval?: ApprovalRecord | null;
}

/** Workflow status as the REST API reports it. @public */
export type WorkflowRunStatus = (typeof WORKFLOW_RUN_STATUSES)[number];

/** One row of `GET /v1/workflows`. @public */
export interface WorkflowRunSummary {
  workflow_id: string;
  run_id: string;
  status: WorkflowRunStatus;
  current_stage: string | null;
  start_time: string | null;
  close_time: string | null;
  /** Who started the run: a user entity ref or a service subject (null: not recorded). */
  owner?: string | null;
  /** The catalog group the run's LLM calls are charged to (null: none). */
  group?: string | null;
}

/** Answer of `GET /v1/workflows/:id`. @public */
export interface WorkflowRunDetail extends WorkflowRunSummary {
  progress: WorkflowProgress | null;
  result: GenerateResult | null;
  error: string | null;
  temporal_ui_url: string;
}
