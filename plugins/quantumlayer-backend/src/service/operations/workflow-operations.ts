import { createHash, randomUUID } from 'crypto';
import type {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import type { Request } from 'express';
import {
  ApprovalRecord,
  describeIssues,
  ListableRunStatus,
  quantumlayerWorkflowApprovePermission,
  quantumlayerWorkflowCancelPermission,
  quantumlayerWorkflowCreatePermission,
  quantumlayerWorkflowReadPermission,
  WorkflowRunDetail,
  WorkflowRunStatus,
  WorkflowRunSummary,
  workflowApiSchemas,
  canonical,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { GroupDirectory } from '@internal/backstage-plugin-quantumlayer-node';
import { isQuotable, renderRunFilter } from '../../permissions/run-list-query';
import {
  workflowResourceRef,
  WorkflowRunFilter,
} from '../../permissions/workflow-resource';
import {
  ApprovalRefusedError,
  GenerateWorkflowClient,
  StartedRun,
  WorkflowRunNotFoundError,
} from '../../workflows/client';
import type { LlmBilling } from '../../workflows/shared';
import {
  requirePermission,
  requireCaller,
} from '@internal/backstage-plugin-quantumlayer-node';
import { requireRunPermission } from './authorize';
import { openAudit } from './audit';

/**
 * What the workflow operations need. The REST routes and the actions share
 * these operations: one place checks the permissions, audits and bills.
 */
export interface WorkflowOperationsContext {
  logger: LoggerService;
  permissions: PermissionsService;
  /** Holds the workflow resource's rules, which become the run list's query. */
  permissionsRegistry: PermissionsRegistryService;
  auditor?: AuditorService;
  workflows: GenerateWorkflowClient;
  /** Finds the catalog group that a user's LLM spend is charged to. */
  groups?: GroupDirectory;
}

/** Where an operation was asked from: the REST request, if any (for the audit). */
export interface OperationOrigin {
  request?: Request;
  /** The request's trace id, logged with the start. */
  traceId?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/** What an idempotency key may hold, for messages and schemas. */
export const IDEMPOTENCY_KEY_RULE =
  '1 to 200 characters of letters, digits, ".", "_", ":" or "-"';

/**
 * The 16 hex digits that stand for a principal in workflow ids: the start
 * of the SHA-256 of its entity ref or service subject.
 */
export function principalTag(principal: string): string {
  return createHash('sha256').update(principal).digest('hex').slice(0, 16);
}

/**
 * Workflow ids are `ql-<key>.<principal tag>` for an idempotency key, else
 * `ql-<uuid>`: a key is the caller's own, so two principals sending the
 * same key get two runs, and nobody can name (or attach to) another's run
 * by guessing their key. The tag has a fixed length, so different (key,
 * principal) pairs never share an id.
 */
export function workflowIdFor(
  idempotencyKey: string | undefined,
  principal: string,
): string {
  if (idempotencyKey === undefined) return `ql-${randomUUID()}`;
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new InputError(`Idempotency-Key must be ${IDEMPOTENCY_KEY_RULE}`);
  }
  return `ql-${idempotencyKey}.${principalTag(principal)}`;
}

/** The hash a keyed run keeps in its memo: the validated request, keys sorted. */
export function requestHashOf(request: unknown): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

/**
 * A keyed start answers with an existing run only when the same principal
 * started it with the same request; anything else is a ConflictError that
 * says what to do.
 */
function requireSameRequest(
  started: StartedRun,
  key: string,
  caller: string,
  requestHash: string,
): void {
  const { owner, requestHash: stored } = started.startedWith ?? {};
  if (owner !== caller) {
    throw new ConflictError(
      `idempotency key "${key}" names workflow ${started.workflowId}, which another principal started; use a different key`,
    );
  }
  if (stored !== requestHash) {
    throw new ConflictError(
      `idempotency key "${key}" was already used for a different request (workflow ${started.workflowId}); send the same request again to get that run, or use a new key for this one`,
    );
  }
}

const notFound = (error: unknown): never => {
  if (error instanceof WorkflowRunNotFoundError)
    throw new NotFoundError(error.message);
  throw error;
};

/** The principal behind `credentials`: a user's entity ref or a service's subject. */
export function principalOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  return principal.subject ?? 'service';
}

/** The run's LLM calls are charged to whoever started it, and their catalog group. */
export async function billingOf(
  ctx: Pick<WorkflowOperationsContext, 'groups'>,
  credentials: BackstageCredentials,
): Promise<LlmBilling> {
  const caller = principalOf(credentials);
  if ((credentials.principal as { type: string }).type === 'user') {
    return { caller, group: await ctx.groups?.groupOf(caller) };
  }
  return { caller };
}

/**
 * Starts a generate-extended run (`quantumlayer.workflow.create`) from a
 * request body as `POST /v1/workflows/generate-extended` takes it. An
 * idempotency key is the caller's own: their same key with the same request
 * answers with the same run; with a different request it is a
 * ConflictError. Audited as `workflow-start`.
 */
export async function startWorkflow(
  ctx: WorkflowOperationsContext,
  credentials: BackstageCredentials,
  body: unknown,
  options: OperationOrigin & { idempotencyKey?: string } = {},
): Promise<{ workflowId: string; runId: string }> {
  await requirePermission(
    ctx.permissions,
    credentials,
    quantumlayerWorkflowCreatePermission,
  );
  const parsed =
    workflowApiSchemas['POST /v1/workflows/generate-extended'].body.safeParse(
      body,
    );
  if (!parsed.success) {
    throw new InputError(`invalid request: ${describeIssues(parsed.error)}`);
  }
  const key = options.idempotencyKey;
  const workflowId = workflowIdFor(key, principalOf(credentials));
  const event = await openAudit(ctx.auditor, credentials, options.request, {
    eventId: 'workflow-start',
    severityLevel: 'medium',
    meta: {
      workflowId,
      language: parsed.data.language,
      type: parsed.data.type,
      projectName: parsed.data.requirements.project_name,
      principal: (credentials.principal as { type: string }).type,
    },
  });
  try {
    const billing = await billingOf(ctx, credentials);
    const requestHash =
      key === undefined ? undefined : requestHashOf(parsed.data);
    const started = await ctx.workflows.start(
      workflowId,
      parsed.data,
      billing,
      requestHash ? { requestHash } : undefined,
    );
    if (key !== undefined && requestHash) {
      requireSameRequest(started, key, billing.caller, requestHash);
    }
    // Correlation ids as fields: the workers log theirs the same way.
    ctx.logger.info(`Started workflow ${started.workflowId}`, {
      workflowId: started.workflowId,
      runId: started.runId,
      caller: billing.caller,
      traceId: options.traceId,
    });
    await event.success();
    return { workflowId: started.workflowId, runId: started.runId };
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}

/** A run's status, stages and result (`quantumlayer.workflow.read` on the run). */
export async function describeWorkflow(
  ctx: WorkflowOperationsContext,
  credentials: BackstageCredentials,
  workflowId: string,
  options: { waitMs?: number } = {},
): Promise<WorkflowRunDetail & { waited_closed?: boolean }> {
  await requireRunPermission(
    ctx.permissions,
    credentials,
    quantumlayerWorkflowReadPermission,
    workflowId,
  );
  if (options.waitMs) {
    await ctx.workflows
      .waitForClose(workflowId, options.waitMs)
      .catch(notFound);
  }
  return ctx.workflows.describe(workflowId).catch(notFound);
}

/** Filters of {@link listWorkflows}. */
export interface ListWorkflowsOptions {
  status?: ListableRunStatus;
  /** Only runs started by this principal (a user entity ref or service subject). */
  owner?: string;
  pageSize: number;
  pageToken?: string;
}

/**
 * One page of runs the caller may read. A conditional decision (e.g. "own
 * runs only") and the owner filter become part of Temporal's visibility
 * query (owner and group search attributes), so a page holds `pageSize`
 * runs while more exist. Runs without those attributes (started before
 * they existed) are listed only under an unconditional ALLOW, and never
 * with an owner filter.
 */
export async function listWorkflows(
  ctx: WorkflowOperationsContext,
  credentials: BackstageCredentials,
  options: ListWorkflowsOptions,
): Promise<{ items: WorkflowRunSummary[]; next_page_token: string | null }> {
  requireCaller(credentials);
  const [decision] = await ctx.permissions.authorizeConditional(
    [{ permission: quantumlayerWorkflowReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.DENY) {
    throw new NotAllowedError(
      `not allowed: ${quantumlayerWorkflowReadPermission.name}`,
    );
  }
  const filters: PermissionCriteria<WorkflowRunFilter>[] = [];
  if (decision.result === AuthorizeResult.CONDITIONAL) {
    const toFilter = createConditionTransformer(
      ctx.permissionsRegistry.getPermissionRuleset(workflowResourceRef),
    );
    filters.push(toFilter(decision.conditions));
  }
  if (options.owner !== undefined) {
    if (!isQuotable(options.owner)) {
      throw new InputError(
        `owner must not contain quotes, backslashes or control characters; pass an entity ref like user:default/jane or a service subject`,
      );
    }
    filters.push({ key: 'owner', values: [options.owner] });
  }
  const [first, ...rest] = filters;
  return ctx.workflows.list({
    status: options.status,
    where: first
      ? renderRunFilter(rest.length ? { allOf: [first, ...rest] } : first)
      : undefined,
    pageSize: options.pageSize,
    pageToken: options.pageToken,
  });
}

/**
 * Asks a run to cancel (`quantumlayer.workflow.cancel` on the run); audited
 * as `workflow-cancel`. A closed run is left as it is (`requested: false`).
 */
export async function cancelWorkflow(
  ctx: WorkflowOperationsContext,
  credentials: BackstageCredentials,
  workflowId: string,
  origin: OperationOrigin = {},
): Promise<{ requested: boolean; status: WorkflowRunStatus }> {
  await requireRunPermission(
    ctx.permissions,
    credentials,
    quantumlayerWorkflowCancelPermission,
    workflowId,
  );
  const event = await openAudit(ctx.auditor, credentials, origin.request, {
    eventId: 'workflow-cancel',
    severityLevel: 'medium',
    meta: { workflowId },
  });
  try {
    const result = await ctx.workflows.cancel(workflowId).catch(notFound);
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}

/**
 * Approves or rejects a run waiting at its approval gate
 * (`quantumlayer.workflow.approve` on the run); who decides comes from the
 * credentials. A run not waiting answers ConflictError. Audited as
 * `workflow-approval`.
 */
export async function decideApproval(
  ctx: WorkflowOperationsContext,
  credentials: BackstageCredentials,
  workflowId: string,
  body: unknown,
  origin: OperationOrigin = {},
): Promise<ApprovalRecord> {
  // Four eyes need a person: a service token would bypass the policy.
  if ((credentials.principal as { type?: string }).type !== 'user') {
    throw new NotAllowedError(
      `not allowed: ${quantumlayerWorkflowApprovePermission.name} on workflow ${workflowId}; approvals need a signed-in user, not a service principal`,
    );
  }
  await requireRunPermission(
    ctx.permissions,
    credentials,
    quantumlayerWorkflowApprovePermission,
    workflowId,
  );
  const parsed = workflowApiSchemas[
    'POST /v1/workflows/{id}/approval'
  ].body.safeParse(body ?? {});
  if (!parsed.success) {
    throw new InputError(`invalid approval: ${describeIssues(parsed.error)}`);
  }
  const by = (await billingOf(ctx, credentials)).caller;
  const event = await openAudit(ctx.auditor, credentials, origin.request, {
    eventId: 'workflow-approval',
    severityLevel: 'medium',
    meta: { workflowId, decision: parsed.data.decision, by },
  });
  try {
    const approval = await ctx.workflows
      .decideApproval(workflowId, { ...parsed.data, by })
      .catch(notFound)
      .catch(error => {
        if (error instanceof ApprovalRefusedError)
          throw new ConflictError(error.message);
        throw error;
      });
    await event.success();
    return approval;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
