import { InputError } from '@backstage/errors';
import type Router from 'express-promise-router';
import {
  describeIssues,
  workflowApiSchemas,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  cancelWorkflow,
  decideApproval,
  describeWorkflow,
  listWorkflows,
  startWorkflow,
} from '../operations/workflow-operations';
import { RouteContext } from './context';

export { workflowIdFor } from '../operations/workflow-operations';

const credentialsOf = (
  ctx: RouteContext,
  req: Parameters<RouteContext['httpAuth']['credentials']>[0],
) => ctx.httpAuth.credentials(req, { allow: ['user', 'service'] });

/**
 * The seed's workflow API: start, list, inspect and cancel generate-extended
 * runs. The operations behind it (permissions, audit, billing) are the ones
 * the actions use too.
 */
export function addWorkflowRoutes(
  router: ReturnType<typeof Router>,
  ctx: RouteContext,
) {
  router.post('/v1/workflows/generate-extended', async (req, res) => {
    const started = await startWorkflow(
      ctx,
      await credentialsOf(ctx, req),
      req.body,
      {
        idempotencyKey: req.header('idempotency-key'),
        request: req,
        traceId: res.getHeader('x-quantumlayer-trace-id') as string | undefined,
      },
    );
    res
      .status(202)
      .json({ workflow_id: started.workflowId, run_id: started.runId });
  });

  router.get('/v1/workflows', async (req, res) => {
    const credentials = await credentialsOf(ctx, req);
    const parsed = workflowApiSchemas['GET /v1/workflows'].query.safeParse(
      req.query,
    );
    if (!parsed.success)
      throw new InputError(`invalid query: ${describeIssues(parsed.error)}`);
    res.json(
      await listWorkflows(ctx, credentials, {
        status: parsed.data.status,
        owner: parsed.data.owner,
        pageSize: parsed.data.page_size,
        pageToken: parsed.data.page_token,
      }),
    );
  });

  // `wait_ms` makes it a long-poll: the answer comes once the run closes,
  // or after wait_ms with the run's progress then (Temporal's own long
  // poll on the run, no polling loop here).
  router.get('/v1/workflows/:id', async (req, res) => {
    const credentials = await credentialsOf(ctx, req);
    const parsed = workflowApiSchemas['GET /v1/workflows/{id}'].query.safeParse(
      req.query,
    );
    if (!parsed.success)
      throw new InputError(`invalid query: ${describeIssues(parsed.error)}`);
    res.json(
      await describeWorkflow(ctx, credentials, req.params.id, {
        waitMs: parsed.data.wait_ms,
      }),
    );
  });

  router.post('/v1/workflows/:id/approval', async (req, res) => {
    const approval = await decideApproval(
      ctx,
      await credentialsOf(ctx, req),
      req.params.id,
      req.body,
      { request: req },
    );
    res.json({ workflow_id: req.params.id, approval });
  });

  router.post('/v1/workflows/:id/cancel', async (req, res) => {
    const { requested } = await cancelWorkflow(
      ctx,
      await credentialsOf(ctx, req),
      req.params.id,
      { request: req },
    );
    res
      .status(202)
      .json({ workflow_id: req.params.id, cancel_requested: requested });
  });
}
