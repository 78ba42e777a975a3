import { randomUUID } from 'crypto';
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
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import type { Request } from 'express';
import { z } from 'zod';
import {
  ApprovalRecord,
  describeIssues,
  generateRequestSchema,
  quantumlayerWorkflowApprovePermission,
  quantumlayerWorkflowCancelPermission,
  quantumlayerWorkflowCreatePermission,
  quantumlayerWorkflowReadPermission,
  WorkflowRunDetail,
  WorkflowRunStatus,
  WorkflowRunSummary,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { GroupDirectory } from '../../catalog/group-directory';
import { workflowResourceRef } from '../../permissions/workflow-resource';
import {
  ApprovalRefusedError,
  GenerateWorkflowClient,
  WorkflowRunNotFoundError,
} from '../../workflows/client';
import type { LlmBilling } from '../../workflows/shared';
import {
  requirePermission,
  requireRunPermission,
  requireCaller,
} from './authorize';
import { openAudit } from './audit';

/**
 * What the workflow operations need. The REST routes and the actions share
 * these operations: one place checks the permissions, audits and bills.
 */
export interface WorkflowOperationsContext {
  logger: LoggerService;
  permissions: PermissionsService;
  /** Holds the workflow resource's rules, which filter the run list. */
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

/** Workflow ids are `ql-<key>` for an idempotency key, else `ql-<uuid>`. */
export function workflowIdFor(idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `ql-${randomUUID()}`;
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new InputError(`Idempotency-Key must be ${IDEMPOTENCY_KEY_RULE}`);
  }
  return `ql-${idempotencyKey}`;
}

const notFound = (error: unknown): never => {
  if (error instanceof WorkflowRunNotFoundError)
    throw new NotFoundError(error.message);
  throw error;
};

/** The run's LLM calls are charged to whoever started it, and their catalog group. */
export async function billingOf(
  ctx: Pick<WorkflowOperationsContext, 'groups'>,
  credentials: BackstageCredentials,
): Promise<LlmBilling> {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return {
      caller: principal.userEntityRef,
      group: await ctx.groups?.groupOf(principal.userEntityRef),
    };
  }
  return { caller: principal.subject ?? 'service' };
}

/**
 * Starts a generate-extended run (`quantumlayer.workflow.create`) from a
 * request body as `POST /v1/workflows/generate-extended` takes it; the same
 * idempotency key answers with the same run. Audited as `workflow-start`.
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
  const parsed = generateRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw new InputError(`invalid request: ${describeIssues(parsed.error)}`);
  }
  const workflowId = workflowIdFor(options.idempotencyKey);
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
    const started = await ctx.workflows.start(
      workflowId,
      parsed.data,
      billing,
    );
    // Correlation ids as fields: the workers log theirs the same way.
    ctx.logger.info(`Started workflow ${started.workflowId}`, {
      workflowId: started.workflowId,
      runId: started.runId,
      caller: billing.caller,
      traceId: options.traceId,
    });
    await event.success();
    return started;
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
  status?: string;
  /** Only runs started by this principal (a user entity ref or service subject). */
  owner?: string;
  pageSize: number;
  pageToken?: string;
}

/**
 * One page of runs the caller may read. A conditional decision (e.g. "own
 * runs only") and the owner filter apply to each page, so a page may hold
 * fewer than `pageSize` runs while more pages follow.
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
  const isAllowed = createConditionAuthorizer(
    ctx.permissionsRegistry.getPermissionRuleset(workflowResourceRef),
  );
  const page = await ctx.workflows.list({
    status: options.status,
    pageSize: options.pageSize,
    pageToken: options.pageToken,
  });
  const items = page.items.filter(
    run =>
      (options.owner === undefined || run.owner === options.owner) &&
      isAllowed(decision, {
        workflowId: run.workflow_id,
        owner: run.owner ?? undefined,
        group: run.group ?? undefined,
      }),
  );
  return { ...page, items };
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

/** An approve/reject decision, as `POST /v1/workflows/:id/approval` takes it. */
export const approvalBody = z
  .object({
    decision: z.enum(['approve', 'reject'], {
      errorMap: () => ({ message: 'decision must be approve or reject' }),
    }),
    reason: z.string().max(2000).optional(),
  })
  .strict();

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
  await requireRunPermission(
    ctx.permissions,
    credentials,
    quantumlayerWorkflowApprovePermission,
    workflowId,
  );
  const parsed = approvalBody.safeParse(body ?? {});
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
