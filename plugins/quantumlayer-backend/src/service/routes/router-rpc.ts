import type express from 'express';
import { z } from 'zod';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  describeIssues,
  quantumlayerRouterUsePermission,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { LlmCompletionRequest } from '@internal/backstage-plugin-quantumlayer-node';
import type { LlmRouter } from '../../llm/llm-router';
import type {
  CallContext,
  EmbeddingRequest,
  RoutedCompletion,
  RoutedEmbedding,
} from '../../llm/router-types';
import { auditLlmCall } from '../gateway/gateway-audit';
import { classifyError } from '../gateway/gateway-errors';
import { BudgetExceededError } from '../../llm/router-errors';
import { authorize, RouteContext } from './context';

const message = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool']),
    content: z.unknown(),
  })
  .passthrough();

const completeBody = z
  .object({
    request: z
      .object({
        messages: z.array(message).min(1),
        model: z.string().optional(),
      })
      .passthrough(),
    context: z
      .object({
        caller: z.string().optional(),
        group: z.string().optional(),
        workflowId: z.string().optional(),
        cache: z.boolean().optional(),
        pin: z.object({ provider: z.string(), model: z.string() }).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

const embedBody = completeBody.extend({
  request: z
    .object({
      model: z.string(),
      input: z.array(z.string()).min(1),
      dimensions: z.number().int().positive().optional(),
    })
    .strict(),
});

/**
 * The router role's endpoints for the other roles (service tokens only):
 * `POST /v1/router/complete` and `POST /v1/router/embed` take the router's
 * own request and call context and answer its result, so a worker's call is
 * routed, cached, budgeted and billed (caller, group, workflow) exactly as
 * an in-process one. Errors keep the router's status and type.
 */
export function addRouterRpcRoutes(
  router: express.Router,
  ctx: Pick<RouteContext, 'httpAuth' | 'permissions' | 'auditor'> & {
    router: LlmRouter;
  },
) {
  const serve =
    <S extends typeof completeBody | typeof embedBody>(
      endpoint: string,
      schema: S,
      call: (body: z.infer<S>) => Promise<RoutedCompletion | RoutedEmbedding>,
    ) =>
    async (req: express.Request, res: express.Response) => {
      const credentials = await authorize(
        ctx,
        req,
        quantumlayerRouterUsePermission,
      );
      if ((credentials.principal as { type: string }).type !== 'service') {
        throw new NotAllowedError(
          'the router endpoints are for the other QuantumLayer roles (service tokens); users call /v1/chat/completions',
        );
      }
      const parsed = schema.safeParse(req.body);
      if (!parsed.success) {
        throw new InputError(
          `invalid router call: ${describeIssues(parsed.error)}`,
        );
      }
      // Audited as the principal the calling role bills (the run's starter).
      const service = (credentials.principal as { subject: string }).subject;
      const audit = await auditLlmCall(
        ctx.auditor,
        {
          ref: parsed.data.context.caller ?? service,
          kind: parsed.data.context.caller?.startsWith('user:')
            ? 'user'
            : 'service',
          group: parsed.data.context.group,
        },
        {
          endpoint: `router.${endpoint}`,
          alias: parsed.data.request.model ?? 'default',
          stream: false,
        },
      );
      try {
        const result = await call(parsed.data);
        await audit.succeeded(result.route, result.usage);
        res.json(result);
      } catch (error) {
        const failure = classifyError(error);
        await audit.failed(failure);
        if (failure.type === 'api_error') throw error;
        res.status(failure.status).json({
          error: {
            name: (error as Error).name,
            message: failure.message,
            type: failure.type,
            // What the caller needs to throw the same BudgetExceededError.
            ...(error instanceof BudgetExceededError
              ? { owner: error.owner, resetsAt: error.resetsAt.toISOString() }
              : {}),
          },
        });
      }
    };

  router.post(
    '/v1/router/complete',
    serve('complete', completeBody, body =>
      ctx.router.complete(
        body.request as unknown as LlmCompletionRequest,
        body.context as CallContext,
      ),
    ),
  );
  router.post(
    '/v1/router/embed',
    serve('embed', embedBody, body =>
      ctx.router.embed(
        body.request as EmbeddingRequest,
        body.context as CallContext,
      ),
    ),
  );
}
