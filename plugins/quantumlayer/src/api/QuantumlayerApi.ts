import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  HealthDetailsReport,
  PostureReport,
  WorkflowRunDetail,
} from '@internal/backstage-plugin-quantumlayer-common';
import type {
  ApprovalDecision,
  ApprovalResponse,
  Artifact,
  CancelRunResponse,
  ListRunsOptions,
  UsageQuery,
  UsageReport,
  WorkflowRunsPage,
} from './types';

/**
 * The QuantumLayer backend plugin's REST API, as the pages use it. Every
 * method rejects with a {@link QuantumlayerApiError} carrying the server's
 * message.
 *
 * @public
 */
export interface QuantumlayerApi {
  /** `GET /v1/workflows`: a page of generate-extended runs, newest first. */
  listRuns(options?: ListRunsOptions): Promise<WorkflowRunsPage>;
  /** `GET /v1/workflows/:id`: status, per-stage progress, result and error. */
  getRun(workflowId: string): Promise<WorkflowRunDetail>;
  /** `POST /v1/workflows/:id/cancel`. */
  cancelRun(workflowId: string): Promise<CancelRunResponse>;
  /** `POST /v1/workflows/:id/approval`: 403 when not permitted, 409 when the run is not waiting. */
  decideApproval(
    workflowId: string,
    decision: ApprovalDecision,
  ): Promise<ApprovalResponse>;
  /** `GET /v1/artifacts/:id`: the QuantumDrop manifest. */
  getArtifact(artifactId: string): Promise<Artifact>;
  /** The URL of `GET /v1/artifacts/:id/files/<path>` (it needs the user's token). */
  getArtifactFileUrl(artifactId: string, path: string): Promise<string>;
  /** The bytes of one artifact file, fetched with the user's token. */
  downloadArtifactFile(artifactId: string, path: string): Promise<Blob>;
  /**
   * The URL of `GET /v1/artifacts/:id/blobs/:sha256`: a test log, repair diff
   * or feedback that the artifact's `manifest.pipeline` references.
   */
  getArtifactBlobUrl(artifactId: string, sha256: string): Promise<string>;
  /** The text of such a blob, fetched with the user's token (404 for a key the manifest does not name). */
  downloadArtifactBlob(artifactId: string, sha256: string): Promise<Blob>;
  /** `GET /health/details`: every check with status, latency and last change. */
  getHealthDetails(): Promise<HealthDetailsReport>;
  /** `GET /v1/platform/posture`: Kubernetes, CloudNativePG and Istio posture. */
  getPosture(): Promise<PostureReport>;
  /** `GET /v1/usage`: LLM requests, tokens and cost grouped by one dimension. */
  getUsage(query: UsageQuery): Promise<UsageReport>;
}

/**
 * The API's reference; the plugin provides {@link QuantumlayerClient}.
 *
 * @public
 */
export const quantumlayerApiRef = createApiRef<QuantumlayerApi>().with({
  id: 'plugin.quantumlayer.service',
  pluginId: 'quantumlayer',
});

/**
 * A failed call: `message` is the server's `error.message` when it sent one,
 * `name` the server's error name (e.g. `NotAllowedError`), `status` the HTTP
 * status.
 *
 * @public
 */
export class QuantumlayerApiError extends Error {
  readonly status: number;

  constructor(message: string, options: { status: number; name?: string }) {
    super(message);
    this.name = options.name ?? 'QuantumlayerApiError';
    this.status = options.status;
  }
}
