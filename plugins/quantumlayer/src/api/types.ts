import type { ListWorkflowsOptions } from '@internal/backstage-plugin-quantumlayer-common';

export { USAGE_GROUPINGS } from '@internal/backstage-plugin-quantumlayer-common';
export type {
  Artifact,
  ArtifactFile,
  ArtifactManifest,
} from '@internal/backstage-plugin-quantumlayer-common';
export type {
  ApprovalDecision,
  ApprovalResponse,
  CancelRunResponse,
  UsageGrouping,
  UsageQuery,
  UsageReport,
  UsageRow,
  WorkflowRunsPage,
} from '@internal/backstage-plugin-quantumlayer-common';

/** Options of {@link QuantumlayerApi.listRuns}. @public */
export type ListRunsOptions = ListWorkflowsOptions;
