import type express from 'express';
import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { describeIssues } from '@internal/backstage-plugin-quantumlayer-common';
import type {
  LlmCompletionRequest,
  CallContext,
  EmbeddingRequest,
  RoutedCompletion,
  RoutedEmbedding,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { LlmRouter } from '../../llm/llm-router';
import { auditLlmCall } from '../../gateway/gateway-audit';
import { classifyError } from '../../gateway/gateway-errors';
import {
  BudgetExceededError,
  RateLimitExceededError,
} from '@internal/backstage-plugin-quantumlayer-router-node';

import {
  routerRpcPrincipal,
  RouterRpcCallerDeps,
  verifiedCallContext,
} from './router-rpc-caller';

/** Request labels (`metadata`): as many as OpenAI allows; values long enough for a codegen prompt. */
const MAX_LABELS = 16;
const MAX_LABEL_CHARS = 64 * 1024;

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
        metadata: z
          .record(z.string().max(64), z.string().max(MAX_LABEL_CHARS))
          .refine(labels => Object.keys(labels).length <= MAX_LABELS, {
            message: `at most ${MAX_LABELS} labels`,
          })
          .optional(),
      })
      .passthrough(),
    context: z
      .object({
        caller: z.string().optional(),
        group: z.string().optional(),
        workflowId: z.string().optional(),
        cache: z.boolean().optional(),
        pin: z.object({ provider: z.string(), model: z.string() }).optional(),
        claim: z.string().max(4096).optional(),
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
 * The router role's endpoints for the other roles: `POST /v1/router/complete`
 * and `POST /v1/router/embed` take the router's own request and call context
 * and answer its result, so a worker's call is routed, cached, budgeted and
 * billed exactly as an in-process one. Whom it is billed to (caller, group)
 * comes from what the router verifies (`verifiedCallContext`: the
 * credentials, or a signed claim from another QuantumLayer role), never
 * from the body's `caller` and `group`. Errors keep the router's status and
 * type.
 */
export function addRouterRpcRoutes(
  router: express.Router,
  ctx: {
    httpAuth: HttpAuthService;
    auditor: AuditorService;
  } & RouterRpcCallerDeps & {
      router: LlmRouter;
    },
) {
  const serve =
    <S extends typeof completeBody | typeof embedBody>(
      endpoint: string,
      schema: S,
      call: (
        body: z.infer<S>,
        context: CallContext,
      ) => Promise<RoutedCompletion | RoutedEmbedding>,
    ) =>
    async (req: express.Request, res: express.Response) => {
      const credentials = await ctx.httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      // quantumlayer.router.use, before the body is looked at.
      const authenticated = await routerRpcPrincipal(ctx, credentials);
      const parsed = schema.safeParse(req.body);
      if (!parsed.success) {
        throw new InputError(
          `invalid router call: ${describeIssues(parsed.error)}`,
        );
      }
      // Who is billed (and audited): never the body's say.
      const { caller, context } = verifiedCallContext(
        ctx,
        authenticated,
        parsed.data.context,
      );
      const audit = auditLlmCall(
        ctx.auditor,
        caller,
        {
          endpoint: `router.${endpoint}`,
          alias: parsed.data.request.model ?? 'default',
          stream: false,
        },
        ctx.logger,
      );
      try {
        const result = await call(parsed.data, context);
        void audit.succeeded(result.route, result.usage);
        res.json(result);
      } catch (error) {
        const failure = classifyError(error);
        void audit.failed(failure);
        if (failure.type === 'api_error') throw error;
        if (error instanceof RateLimitExceededError) {
          res.setHeader(
            'retry-after',
            String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))),
          );
        }
        res.status(failure.status).json({
          error: {
            name: (error as Error).name,
            message: failure.message,
            type: failure.type,
            // What the caller needs to throw the same BudgetExceededError.
            ...(error instanceof BudgetExceededError
              ? { owner: error.owner, resetsAt: error.resetsAt.toISOString() }
              : {}),
            // And the same RateLimitExceededError.
            ...(error instanceof RateLimitExceededError
              ? {
                  owner: error.owner,
                  limits: error.limits,
                  retryAfterMs: error.retryAfterMs,
                }
              : {}),
          },
        });
      }
    };

  router.post(
    '/v1/router/complete',
    serve('complete', completeBody, (body, context) =>
      ctx.router.complete(
        body.request as unknown as LlmCompletionRequest,
        context,
      ),
    ),
  );
  router.post(
    '/v1/router/embed',
    serve('embed', embedBody, (body, context) =>
      ctx.router.embed(body.request as EmbeddingRequest, context),
    ),
  );
}
