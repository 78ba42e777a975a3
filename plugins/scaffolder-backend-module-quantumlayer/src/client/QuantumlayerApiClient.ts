import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, ResponseError } from '@backstage/errors';
import { context, propagation } from '@opentelemetry/api';
import type {
  Artifact,
  GenerateRequest,
  WorkflowRunDetail,
} from '@internal/backstage-plugin-quantumlayer-common';

/** W3C trace context of the active span (the action's), so the plugin's spans join its trace. */
function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** Who a principal is, for messages: a user entity ref or a service subject. */
function principalRef(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return p.userEntityRef ?? p.subject ?? 'an unknown principal';
}

/**
 * Talks to the quantumlayer backend plugin over HTTP, on behalf of the
 * principal each call names (the task's initiator), so the plugin's
 * permissions apply to them; works whether the plugin runs in this backend
 * or another one. A refusal (403) becomes a NotAllowedError naming the
 * principal and the permission the plugin asked for.
 *
 * @public
 */
export class QuantumlayerApiClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  private async call(
    credentials: BackstageCredentials,
    path: string,
    init: RequestInit = {},
  ): Promise<Response> {
    const baseUrl = await this.discovery.getBaseUrl('quantumlayer');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'quantumlayer',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        ...traceHeaders(),
        Authorization: `Bearer ${token}`,
      },
    });
    if (response.status === 403) {
      const refusal = await ResponseError.fromResponse(response);
      throw new NotAllowedError(
        `${principalRef(credentials)} may not ${
          init.method ?? 'GET'
        } ${path} on the QuantumLayer backend: ${
          refusal.body.error.message
        }; ask for that permission, or have someone who holds it run the template`,
      );
    }
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }

  async start(
    credentials: BackstageCredentials,
    request: GenerateRequest,
    idempotencyKey: string,
  ) {
    const response = await this.call(
      credentials,
      '/v1/workflows/generate-extended',
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': idempotencyKey,
        },
        body: JSON.stringify(request),
      },
    );
    return (await response.json()) as { workflow_id: string; run_id: string };
  }

  /**
   * A run's detail; with `waitMs` a long-poll that answers once the run
   * closes or after that long (the backend holds it at most 30 s).
   */
  async get(
    credentials: BackstageCredentials,
    workflowId: string,
    options: { waitMs?: number; signal?: AbortSignal } = {},
  ): Promise<WorkflowRunDetail> {
    const wait = options.waitMs ? `?wait_ms=${Math.round(options.waitMs)}` : '';
    const response = await this.call(
      credentials,
      `/v1/workflows/${encodeURIComponent(workflowId)}${wait}`,
      { signal: options.signal },
    );
    return (await response.json()) as WorkflowRunDetail;
  }

  async cancel(
    credentials: BackstageCredentials,
    workflowId: string,
  ): Promise<void> {
    await this.call(
      credentials,
      `/v1/workflows/${encodeURIComponent(workflowId)}/cancel`,
      { method: 'POST' },
    );
  }

  async artifact(
    credentials: BackstageCredentials,
    artifactId: string,
  ): Promise<Artifact> {
    const response = await this.call(
      credentials,
      `/v1/artifacts/${encodeURIComponent(artifactId)}`,
    );
    return (await response.json()) as Artifact;
  }

  async file(
    credentials: BackstageCredentials,
    artifactId: string,
    path: string,
  ): Promise<Buffer> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    const response = await this.call(
      credentials,
      `/v1/artifacts/${encodeURIComponent(artifactId)}/files/${encoded}`,
    );
    return Buffer.from(await response.arrayBuffer());
  }
}
