import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  GenerateRequest,
  WorkflowRunDetail,
} from '@internal/backstage-plugin-quantumlayer-common';

/** The artifact manifest as `GET /v1/artifacts/:id` returns it. */
export interface ArtifactResponse {
  id: string;
  workflow_id: string;
  total_size: number;
  manifest: { files: { path: string; size: number; sha256: string }[] };
}

/**
 * Talks to the quantumlayer backend plugin over HTTP with a service token, so
 * the action works whether the plugin runs in this backend or another one.
 */
export class QuantumlayerApiClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    const baseUrl = await this.discovery.getBaseUrl('quantumlayer');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'quantumlayer',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        Authorization: `Bearer ${token}`,
      },
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }

  async start(request: GenerateRequest, idempotencyKey: string) {
    const response = await this.call('/v1/workflows/generate-extended', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': idempotencyKey,
      },
      body: JSON.stringify(request),
    });
    return (await response.json()) as { workflow_id: string; run_id: string };
  }

  async get(workflowId: string): Promise<WorkflowRunDetail> {
    const response = await this.call(
      `/v1/workflows/${encodeURIComponent(workflowId)}`,
    );
    return (await response.json()) as WorkflowRunDetail;
  }

  async cancel(workflowId: string): Promise<void> {
    await this.call(`/v1/workflows/${encodeURIComponent(workflowId)}/cancel`, {
      method: 'POST',
    });
  }

  async artifact(artifactId: string): Promise<ArtifactResponse> {
    const response = await this.call(
      `/v1/artifacts/${encodeURIComponent(artifactId)}`,
    );
    return (await response.json()) as ArtifactResponse;
  }

  async file(artifactId: string, path: string): Promise<Buffer> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    const response = await this.call(
      `/v1/artifacts/${encodeURIComponent(artifactId)}/files/${encoded}`,
    );
    return Buffer.from(await response.arrayBuffer());
  }
}
