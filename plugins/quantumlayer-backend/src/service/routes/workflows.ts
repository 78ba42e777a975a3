import { randomUUID } from 'crypto';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import type Router from 'express-promise-router';
import { z } from 'zod';
import {
  describeIssues,
  generateRequestSchema,
  quantumlayerWorkflowApprovePermission,
  quantumlayerWorkflowCancelPermission,
  quantumlayerWorkflowCreatePermission,
  quantumlayerWorkflowReadPermission,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  ApprovalRefusedError,
  LISTABLE_STATUSES,
  WorkflowRunNotFoundError,
} from '../../workflows/client';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { LlmBilling } from '../../workflows/shared';
import { workflowResourceRef } from '../../permissions/workflow-resource';
import { authorize, authorizeRun, RouteContext } from './context';

const listQuery = z.object({
  status: z
    .enum(LISTABLE_STATUSES as [string, ...string[]], {
      errorMap: () => ({
        message: `status must be one of ${LISTABLE_STATUSES.join(', ')}`,
      }),
    })
    .optional(),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
  page_token: z.string().max(4096).optional(),
});

const approvalBody = z
  .object({
    decision: z.enum(['approve', 'reject'], {
      errorMap: () => ({ message: 'decision must be approve or reject' }),
    }),
    reason: z.string().max(2000).optional(),
  })
  .strict();

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/** Workflow ids are `ql-<key>` for an Idempotency-Key, else `ql-<uuid>`. */
export function workflowIdFor(idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `ql-${randomUUID()}`;
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new InputError(
      'Idempotency-Key must be 1 to 200 characters of letters, digits, ".", "_", ":" or "-"',
    );
  }
  return `ql-${idempotencyKey}`;
}

const notFound = (error: unknown) => {
  if (error instanceof WorkflowRunNotFoundError)
    throw new NotFoundError(error.message);
  throw error;
};

/** The seed's workflow API: start, list, inspect and cancel generate-extended runs. */
export function addWorkflowRoutes(
  router: ReturnType<typeof Router>,
  ctx: RouteContext,
) {
  router.post('/v1/workflows/generate-extended', async (req, res) => {
    const credentials = await authorize(
      ctx,
      req,
      quantumlayerWorkflowCreatePermission,
    );
    const parsed = generateRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new InputError(`invalid request: ${describeIssues(parsed.error)}`);
    }
    const workflowId = workflowIdFor(req.header('idempotency-key'));
    const event = await ctx.auditor.createEvent({
      eventId: 'workflow-start',
      severityLevel: 'medium',
      request: req,
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
        traceId: res.getHeader('x-quantumlayer-trace-id') as string | undefined,
      });
      await event.success();
      res
        .status(202)
        .json({ workflow_id: started.workflowId, run_id: started.runId });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  const isAllowed = createConditionAuthorizer(
    ctx.permissionsRegistry.getPermissionRuleset(workflowResourceRef),
  );

  // A conditional decision (e.g. "own runs only") filters each page, so a
  // page may hold fewer than page_size runs while more pages follow.
  router.get('/v1/workflows', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await ctx.permissions.authorizeConditional(
      [{ permission: quantumlayerWorkflowReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `not allowed: ${quantumlayerWorkflowReadPermission.name}`,
      );
    }
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success)
      throw new InputError(`invalid query: ${describeIssues(parsed.error)}`);
    const page = await ctx.workflows.list({
      status: parsed.data.status,
      pageSize: parsed.data.page_size,
      pageToken: parsed.data.page_token,
    });
    const items = page.items.filter(run =>
      isAllowed(decision, {
        workflowId: run.workflow_id,
        owner: run.owner ?? undefined,
        group: run.group ?? undefined,
      }),
    );
    res.json({ ...page, items });
  });

  router.get('/v1/workflows/:id', async (req, res) => {
    await authorizeRun(
      ctx,
      req,
      quantumlayerWorkflowReadPermission,
      req.params.id,
    );
    res.json(await ctx.workflows.describe(req.params.id).catch(notFound));
  });

  addApprovalRoute(router, ctx);

  router.post('/v1/workflows/:id/cancel', async (req, res) => {
    await authorizeRun(
      ctx,
      req,
      quantumlayerWorkflowCancelPermission,
      req.params.id,
    );
    const event = await ctx.auditor.createEvent({
      eventId: 'workflow-cancel',
      severityLevel: 'medium',
      request: req,
      meta: { workflowId: req.params.id },
    });
    try {
      await ctx.workflows.cancel(req.params.id).catch(notFound);
      await event.success();
      res
        .status(202)
        .json({ workflow_id: req.params.id, cancel_requested: true });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });
}

/** Approve or reject a run waiting at its approval gate; who decides comes from the credentials. */
function addApprovalRoute(
  router: ReturnType<typeof Router>,
  ctx: RouteContext,
) {
  router.post('/v1/workflows/:id/approval', async (req, res) => {
    const credentials = await authorizeRun(
      ctx,
      req,
      quantumlayerWorkflowApprovePermission,
      req.params.id,
    );
    const parsed = approvalBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new InputError(`invalid approval: ${describeIssues(parsed.error)}`);
    }
    const by = (await billingOf(ctx, credentials)).caller;
    const event = await ctx.auditor.createEvent({
      eventId: 'workflow-approval',
      severityLevel: 'medium',
      request: req,
      meta: { workflowId: req.params.id, decision: parsed.data.decision, by },
    });
    try {
      const approval = await ctx.workflows
        .decideApproval(req.params.id, { ...parsed.data, by })
        .catch(notFound)
        .catch(error => {
          if (error instanceof ApprovalRefusedError)
            throw new ConflictError(error.message);
          throw error;
        });
      await event.success();
      res.json({ workflow_id: req.params.id, approval });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });
}

/** The run's LLM calls are charged to whoever started it, and their catalog group. */
async function billingOf(
  ctx: RouteContext,
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
