import type { Artifact } from './artifact';
import type { HealthDetailsReport } from './health';
import type { ApprovalRecord } from './pipeline';
import type { PostureReport } from './posture';
import type { WorkflowRunDetail, WorkflowRunSummary } from './progress';
import type { GenerateRequestInput } from './request';
import type { UsageGrouping, UsageReport } from './usage';
import type { ListableRunStatus } from './workflow-queries';

/**
 * Answer of `POST /v1/workflows/generate-extended` (a type, not an
 * interface, so it is a JSON value to scaffolder checkpoints).
 *
 * @public
 */
export type WorkflowStarted = {
  workflow_id: string;
  run_id: string;
};

/** One page of `GET /v1/workflows`. @public */
export interface WorkflowRunsPage {
  items: WorkflowRunSummary[];
  next_page_token: string | null;
}

/** Filters and paging of `GET /v1/workflows`. @public */
export interface ListWorkflowsOptions {
  status?: ListableRunStatus;
  /** Only runs started by this principal. */
  owner?: string;
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

/** Query of `GET /v1/usage`; days are `YYYY-MM-DD` (UTC). @public */
export interface UsageQuery {
  groupBy: UsageGrouping;
  from?: string;
  to?: string;
}

/**
 * How {@link QuantumlayerRestClient} reaches the backend: its base URL
 * (e.g. from discovery), a fetch that authenticates (the frontend's
 * `fetchApi`, or node's fetch with a plugin token), and what a failed
 * answer becomes.
 *
 * @public
 */
export interface QuantumlayerRestClientOptions {
  baseUrl(): Promise<string>;
  fetch(url: string, init: RequestInit): Promise<Response>;
  /**
   * The error a non-2xx answer throws: `path` is the API path (e.g.
   * `/v1/workflows/ql-1`) and `url` the full URL, both without the query.
   */
  toError(
    response: Response,
    method: string,
    path: string,
    url: string,
  ): Promise<Error>;
}

/** A path segment, or each segment of a slash-separated file path, URL-encoded. */
const segment = (value: string) => encodeURIComponent(value);
const filePath = (path: string) => path.split('/').map(segment).join('/');
const artifactFilePath = (artifactId: string, path: string) =>
  `/v1/artifacts/${segment(artifactId)}/files/${filePath(path)}`;
const artifactBlobPath = (artifactId: string, sha256: string) =>
  `/v1/artifacts/${segment(artifactId)}/blobs/${segment(sha256)}`;

/**
 * The one typed client of the workflow, artifact, health and usage REST
 * API: the frontend's `QuantumlayerClient` and the scaffolder module's
 * client are thin wrappers that inject fetch, auth and errors.
 *
 * @public
 */
export class QuantumlayerRestClient {
  constructor(private readonly options: QuantumlayerRestClientOptions) {}

  /** Starts a run; the same `idempotencyKey` joins the same run. */
  startWorkflow(
    request: GenerateRequestInput,
    options: { idempotencyKey?: string } = {},
  ): Promise<WorkflowStarted> {
    return this.json('POST', '/v1/workflows/generate-extended', request, {
      ...(options.idempotencyKey
        ? { 'Idempotency-Key': options.idempotencyKey }
        : {}),
    });
  }

  listWorkflows(options: ListWorkflowsOptions = {}): Promise<WorkflowRunsPage> {
    const query = new URLSearchParams({
      page_size: String(options.pageSize ?? 20),
    });
    if (options.status) query.set('status', options.status);
    if (options.owner) query.set('owner', options.owner);
    if (options.pageToken) query.set('page_token', options.pageToken);
    return this.json('GET', `/v1/workflows?${query}`);
  }

  /**
   * A run's detail; with `waitMs` a long-poll that answers once the run
   * closes or after that long (the backend holds it at most 30 s).
   */
  getWorkflow(
    workflowId: string,
    options: { waitMs?: number; signal?: AbortSignal } = {},
  ): Promise<WorkflowRunDetail> {
    const wait = options.waitMs ? `?wait_ms=${Math.round(options.waitMs)}` : '';
    return this.json(
      'GET',
      `/v1/workflows/${segment(workflowId)}${wait}`,
      undefined,
      {},
      options.signal,
    );
  }

  cancelWorkflow(workflowId: string): Promise<CancelRunResponse> {
    return this.json('POST', `/v1/workflows/${segment(workflowId)}/cancel`);
  }

  /** Approves or rejects a run at its approval gate; a blank reason is left out. */
  decideApproval(
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

  getArtifact(artifactId: string): Promise<Artifact> {
    return this.json('GET', `/v1/artifacts/${segment(artifactId)}`);
  }

  async artifactFileUrl(artifactId: string, path: string): Promise<string> {
    return `${await this.options.baseUrl()}${artifactFilePath(
      artifactId,
      path,
    )}`;
  }

  async artifactBlobUrl(artifactId: string, sha256: string): Promise<string> {
    return `${await this.options.baseUrl()}${artifactBlobPath(
      artifactId,
      sha256,
    )}`;
  }

  /** A file of an artifact: the answer, to read as bytes or a blob. */
  artifactFile(artifactId: string, path: string): Promise<Response> {
    return this.send('GET', artifactFilePath(artifactId, path));
  }

  /** A blob of an artifact by its SHA-256. */
  artifactBlob(artifactId: string, sha256: string): Promise<Response> {
    return this.send('GET', artifactBlobPath(artifactId, sha256));
  }

  getHealthDetails(): Promise<HealthDetailsReport> {
    return this.json('GET', '/health/details');
  }

  getPosture(): Promise<PostureReport> {
    return this.json('GET', '/v1/platform/posture');
  }

  getUsage(query: UsageQuery): Promise<UsageReport> {
    const params = new URLSearchParams({ groupBy: query.groupBy });
    if (query.from) params.set('from', query.from);
    if (query.to) params.set('to', query.to);
    return this.json('GET', `/v1/usage?${params}`);
  }

  /** `path` is relative to the base URL; errors name it without its query. */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    init: RequestInit = {},
  ): Promise<Response> {
    const url = `${await this.options.baseUrl()}${path}`;
    const response = await this.options.fetch(url, { ...init, method });
    if (!response.ok) {
      const withoutQuery = (text: string) => text.replace(/\?.*$/, '');
      throw await this.options.toError(
        response,
        method,
        withoutQuery(path),
        withoutQuery(url),
      );
    }
    return response;
  }

  private async json<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    const sent =
      body === undefined
        ? headers
        : { 'Content-Type': 'application/json', ...headers };
    const response = await this.send(method, path, {
      headers: Object.keys(sent).length ? sent : undefined,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    return (await response.json()) as T;
  }
}
