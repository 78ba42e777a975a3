import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  HealthDetailsReport,
  PostureReport,
  QuantumlayerRestClient,
  WorkflowRunDetail,
} from '@internal/backstage-plugin-quantumlayer-common';
import { QuantumlayerApi, QuantumlayerApiError } from './QuantumlayerApi';
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
 * Talks to the backend plugin at `discoveryApi.getBaseUrl('quantumlayer')`
 * through `fetchApi`, which adds the signed-in user's token: the shared
 * `QuantumlayerRestClient` of quantumlayer-common with the frontend's fetch
 * and errors.
 *
 * @public
 */
export class QuantumlayerClient implements QuantumlayerApi {
  private readonly rest: QuantumlayerRestClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.rest = new QuantumlayerRestClient({
      baseUrl: () => options.discoveryApi.getBaseUrl('quantumlayer'),
      fetch: (url, init) => options.fetchApi.fetch(url, init),
      toError,
    });
  }

  listRuns(options: ListRunsOptions = {}): Promise<WorkflowRunsPage> {
    return this.rest.listWorkflows(options);
  }

  getRun(workflowId: string): Promise<WorkflowRunDetail> {
    return this.rest.getWorkflow(workflowId);
  }

  cancelRun(workflowId: string): Promise<CancelRunResponse> {
    return this.rest.cancelWorkflow(workflowId);
  }

  decideApproval(
    workflowId: string,
    decision: ApprovalDecision,
  ): Promise<ApprovalResponse> {
    return this.rest.decideApproval(workflowId, decision);
  }

  getArtifact(artifactId: string): Promise<Artifact> {
    return this.rest.getArtifact(artifactId);
  }

  getArtifactFileUrl(artifactId: string, path: string): Promise<string> {
    return this.rest.artifactFileUrl(artifactId, path);
  }

  async downloadArtifactFile(artifactId: string, path: string): Promise<Blob> {
    return (await this.rest.artifactFile(artifactId, path)).blob();
  }

  getArtifactBlobUrl(artifactId: string, sha256: string): Promise<string> {
    return this.rest.artifactBlobUrl(artifactId, sha256);
  }

  async downloadArtifactBlob(
    artifactId: string,
    sha256: string,
  ): Promise<Blob> {
    return (await this.rest.artifactBlob(artifactId, sha256)).blob();
  }

  getHealthDetails(): Promise<HealthDetailsReport> {
    return this.rest.getHealthDetails();
  }

  getPosture(): Promise<PostureReport> {
    return this.rest.getPosture();
  }

  getUsage(query: UsageQuery): Promise<UsageReport> {
    return this.rest.getUsage(query);
  }
}

/** Maps a failed response to an error with the server's `{error: {name, message}}`. */
async function toError(
  response: Response,
  method: string,
  _apiPath: string,
  url: string,
): Promise<QuantumlayerApiError> {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/, '');
  const text = await response.text().catch(() => '');
  let server: { name?: unknown; message?: unknown } | undefined;
  try {
    server = JSON.parse(text)?.error;
  } catch {
    server = undefined;
  }
  const message =
    typeof server?.message === 'string' && server.message
      ? server.message
      : `${method} ${path} failed with ${response.status} ${
          response.statusText
        }${text && !server ? `: ${text.slice(0, 200)}` : ''}`.trim();
  return new QuantumlayerApiError(message, {
    status: response.status,
    name: typeof server?.name === 'string' ? server.name : undefined,
  });
}
