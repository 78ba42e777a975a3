/** What one failed list call means for the report. */
export type KubeFailureKind =
  /** 404: the resource type is not served (a CRD that is not installed). */
  | 'not-installed'
  /** 403: RBAC does not allow the verb. */
  | 'forbidden'
  /** Anything else: 401, 5xx, unreachable, timeout, bad TLS. */
  | 'error';

export interface KubeFailure {
  kind: KubeFailureKind;
  /** Short and safe to show: names the resource and verb, never a token. */
  message: string;
}

/** A list request: `list horizontalpodautoscalers.autoscaling in namespace quantumlayer`. */
export interface KubeRequestDescription {
  verb: 'list';
  /** Plural resource name, with `.group` for non-core groups. */
  resource: string;
  namespace: string;
}

interface ApiExceptionLike {
  code: number;
  body?: unknown;
}

interface SystemErrorLike {
  name?: string;
  type?: string;
  code?: string;
  message?: string;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ApiExceptionLike).code === 'number'
  );
}

/** The `message` of a Kubernetes `Status` body, when the body is one. */
function statusMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const status = value as { kind?: string; message?: unknown };
  return status?.kind === 'Status' && typeof status.message === 'string'
    ? status.message
    : undefined;
}

function describeRequest(request: KubeRequestDescription) {
  return `${request.verb} ${request.resource} in namespace ${request.namespace}`;
}

/**
 * Turns a client-node failure into a report entry. The client's own messages
 * carry response headers and bodies, so none of them is passed on as is.
 */
export function classifyKubeError(
  error: unknown,
  request: KubeRequestDescription,
  context: { server: string; timeoutMs: number },
): KubeFailure {
  const what = describeRequest(request);
  if (isApiException(error)) {
    const said = statusMessage(error.body);
    switch (error.code) {
      case 404:
        return {
          kind: 'not-installed',
          message: `${request.resource} is not served by the API server (its API group or CRD is not installed)`,
        };
      case 403:
        return {
          kind: 'forbidden',
          message: `forbidden to ${what}${said ? `: ${said}` : ''}; grant "${
            request.verb
          }" on ${request.resource} to the identity Backstage uses`,
        };
      case 401:
        return {
          kind: 'error',
          message: `the API server at ${context.server} rejected the credentials (401 Unauthorized); check quantumlayer.kubernetes.token or the kubeconfig user`,
        };
      default:
        return {
          kind: 'error',
          message: `${what}: the API server answered ${error.code}${
            said ? ` (${said})` : ''
          }`,
        };
    }
  }
  const system = (error ?? {}) as SystemErrorLike;
  if (system.name === 'AbortError' || system.type === 'aborted') {
    return {
      kind: 'error',
      message: `no answer from the Kubernetes API at ${context.server} within ${
        context.timeoutMs / 1000
      } s; check the server or raise quantumlayer.kubernetes.timeoutSeconds`,
    };
  }
  if (system.type === 'system' || system.name === 'FetchError') {
    const reason =
      system.message?.match(/reason: (.*)$/)?.[1] ?? system.code ?? 'failed';
    return {
      kind: 'error',
      message: `cannot reach the Kubernetes API at ${context.server}: ${reason}`,
    };
  }
  return {
    kind: 'error',
    message: `${what} failed: ${
      error instanceof Error ? error.message : String(error)
    }`,
  };
}
