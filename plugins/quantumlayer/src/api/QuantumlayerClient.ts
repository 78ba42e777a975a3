import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  HealthDetailsReport,
  PostureReport,
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

/** A path segment, or each segment of a slash-separated file path, URL-encoded. */
const segment = (value: string) => encodeURIComponent(value);
const filePath = (path: string) => path.split('/').map(segment).join('/');

/**
 * Talks to the backend plugin at `discoveryApi.getBaseUrl('quantumlayer')`
 * through `fetchApi`, which adds the signed-in user's token.
 *
 * @public
 */
export class QuantumlayerClient implements QuantumlayerApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listRuns(options: ListRunsOptions = {}): Promise<WorkflowRunsPage> {
    const query = new URLSearchParams({
      page_size: String(options.pageSize ?? 20),
    });
    if (options.status) query.set('status', options.status);
    if (options.pageToken) query.set('page_token', options.pageToken);
    return this.json('GET', `/v1/workflows?${query}`);
  }

  async getRun(workflowId: string): Promise<WorkflowRunDetail> {
    return this.json('GET', `/v1/workflows/${segment(workflowId)}`);
  }

  async cancelRun(workflowId: string): Promise<CancelRunResponse> {
    return this.json('POST', `/v1/workflows/${segment(workflowId)}/cancel`);
  }

  async decideApproval(
    workflowId: string,
    decision: ApprovalDecision,
  ): Promise<ApprovalResponse> {
    const body: ApprovalDecision = { decision: decision.decision };
    const reason = decision.reason?.trim();
    if (reason) body.reason = reason;
    return this.json(
      'POST',
      `/v1/workflows/${segment(workflowId)}/approval`,
      body,
    );
  }

  async getArtifact(artifactId: string): Promise<Artifact> {
    return this.json('GET', `/v1/artifacts/${segment(artifactId)}`);
  }

  async getArtifactFileUrl(artifactId: string, path: string): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl('quantumlayer');
    return `${baseUrl}/v1/artifacts/${segment(artifactId)}/files/${filePath(
      path,
    )}`;
  }

  async downloadArtifactFile(artifactId: string, path: string): Promise<Blob> {
    return this.download(await this.getArtifactFileUrl(artifactId, path));
  }

  async getArtifactBlobUrl(
    artifactId: string,
    sha256: string,
  ): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl('quantumlayer');
    return `${baseUrl}/v1/artifacts/${segment(artifactId)}/blobs/${segment(
      sha256,
    )}`;
  }

  async downloadArtifactBlob(
    artifactId: string,
    sha256: string,
  ): Promise<Blob> {
    return this.download(await this.getArtifactBlobUrl(artifactId, sha256));
  }

  async getHealthDetails(): Promise<HealthDetailsReport> {
    return this.json('GET', '/health/details');
  }

  async getPosture(): Promise<PostureReport> {
    return this.json('GET', '/v1/platform/posture');
  }

  async getUsage(query: UsageQuery): Promise<UsageReport> {
    const params = new URLSearchParams({ groupBy: query.groupBy });
    if (query.from) params.set('from', query.from);
    if (query.to) params.set('to', query.to);
    return this.json('GET', `/v1/usage?${params}`);
  }

  /** The bytes at `url`, fetched with the user's token. */
  private async download(url: string): Promise<Blob> {
    const response = await this.fetchApi.fetch(url);
    if (!response.ok) throw await toError(response, 'GET', url);
    return response.blob();
  }

  private async json<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('quantumlayer');
    const url = `${baseUrl}${path}`;
    const response = await this.fetchApi.fetch(url, {
      method,
      headers:
        body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await toError(response, method, url);
    return (await response.json()) as T;
  }
}

/** Maps a failed response to an error with the server's `{error: {name, message}}`. */
async function toError(
  response: Response,
  method: string,
  url: string,
): Promise<QuantumlayerApiError> {
  const text = await response.text().catch(() => '');
  let server: { name?: unknown; message?: unknown } | undefined;
  try {
    server = JSON.parse(text)?.error;
  } catch {
    server = undefined;
  }
  const path = url.replace(/^[a-z]+:\/\/[^/]+/, '').replace(/\?.*$/, '');
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
