import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, ResponseError } from '@backstage/errors';
import { context, propagation } from '@opentelemetry/api';
import {
  Artifact,
  GenerateRequestInput,
  QuantumlayerRestClient,
  WorkflowRunDetail,
  WorkflowStarted,
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

  /**
   * The shared REST client, calling on behalf of `credentials` with a
   * plugin token, the action's trace context, and a 403 turned into a
   * NotAllowedError that says who needs which permission.
   */
  private rest(credentials: BackstageCredentials) {
    return new QuantumlayerRestClient({
      baseUrl: () => this.discovery.getBaseUrl('quantumlayer'),
      fetch: async (url, init) => {
        const { token } = await this.auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: 'quantumlayer',
        });
        return fetch(url, {
          ...init,
          headers: {
            ...(init.headers as Record<string, string> | undefined),
            ...traceHeaders(),
            Authorization: `Bearer ${token}`,
          },
        });
      },
      toError: async (response, method, path) => {
        // The backend validates requests (the edge): its 400 names the field.
        if (response.status === 400) {
          const refusal = await ResponseError.fromResponse(response);
          return new InputError(refusal.body.error.message);
        }
        if (response.status !== 403)
          return ResponseError.fromResponse(response);
        const refusal = await ResponseError.fromResponse(response);
        return new NotAllowedError(
          `${principalRef(
            credentials,
          )} may not ${method} ${path} on the QuantumLayer backend: ${
            refusal.body.error.message
          }; ask for that permission, or have someone who holds it run the template`,
        );
      },
    });
  }

  start(
    credentials: BackstageCredentials,
    request: GenerateRequestInput,
    idempotencyKey: string,
  ): Promise<WorkflowStarted> {
    return this.rest(credentials).startWorkflow(request, { idempotencyKey });
  }

  /**
   * A run's detail; with `waitMs` a long-poll that answers once the run
   * closes or after that long (the backend holds it at most 30 s).
   */
  get(
    credentials: BackstageCredentials,
    workflowId: string,
    options: { waitMs?: number; signal?: AbortSignal } = {},
  ): Promise<WorkflowRunDetail> {
    return this.rest(credentials).getWorkflow(workflowId, options);
  }

  async cancel(
    credentials: BackstageCredentials,
    workflowId: string,
  ): Promise<void> {
    await this.rest(credentials).cancelWorkflow(workflowId);
  }

  artifact(
    credentials: BackstageCredentials,
    artifactId: string,
  ): Promise<Artifact> {
    return this.rest(credentials).getArtifact(artifactId);
  }

  async file(
    credentials: BackstageCredentials,
    artifactId: string,
    path: string,
  ): Promise<Buffer> {
    const response = await this.rest(credentials).artifactFile(
      artifactId,
      path,
    );
    return Buffer.from(await response.arrayBuffer());
  }
}
