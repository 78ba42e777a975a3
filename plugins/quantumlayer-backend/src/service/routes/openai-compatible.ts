import type express from 'express';
import { InputError } from '@backstage/errors';
import { describeIssues } from '@internal/backstage-plugin-quantumlayer-common';
import {
  abortOnDisconnect,
  failureOf,
  GatewayContext,
  relayStream,
} from '../gateway/gateway-context';
import { openAiErrorBody } from '../gateway/gateway-errors';
import { OpenAiChunkWriter } from '../gateway/openai-stream';
import {
  fromOpenAiRequest,
  openAiChatRequestSchema,
  toOpenAiResponse,
} from '../gateway/openai-wire';
import { responseId, routeHeaders } from '../gateway/route-headers';
import { openSse, writeEvent } from '../gateway/sse';

/**
 * OpenAI-compatible endpoints: `POST /v1/chat/completions` (JSON or SSE) and
 * `GET /v1/models`. Errors use OpenAI's error shape so the SDK reports them.
 */
export function addOpenAiRoutes(router: express.Router, ctx: GatewayContext) {
  router.post('/v1/chat/completions', async (req, res) => {
    try {
      const caller = await ctx.callers.identify(req);
      const parsed = openAiChatRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        throw new InputError(
          `invalid chat completion request: ${describeIssues(parsed.error)}`,
        );
      }
      const call = ctx.callers.callContext(caller, req);
      const request = fromOpenAiRequest(parsed.data);
      request.abortSignal = abortOnDisconnect(res);
      const id = responseId('chatcmpl-');
      if (!parsed.data.stream) {
        const completion = await ctx.router.complete(request, call);
        res.set(routeHeaders(completion.route, true)).json(toOpenAiResponse(id, completion));
        return;
      }
      const stream = await ctx.router.stream(request, call);
      openSse(res, routeHeaders(stream.route, false));
      const writer = new OpenAiChunkWriter(
        id,
        stream.route,
        parsed.data.stream_options?.include_usage ?? false,
      );
      await relayStream(stream, request.abortSignal, {
        part: part => writer.chunks(part).forEach(c => writeEvent(res, c)),
        end: () => {
          writeEvent(res, '[DONE]');
          res.end();
        },
        error: failure => {
          writeEvent(res, openAiErrorBody(failure), 'error');
          res.end();
        },
      });
    } catch (error) {
      const failure = failureOf(ctx, req, error);
      if (res.headersSent) {
        res.end();
        return;
      }
      res.status(failure.status).json(openAiErrorBody(failure));
    }
  });

  router.get('/v1/models', async (req, res) => {
    try {
      await ctx.callers.identify(req);
      res.json({
        object: 'list',
        data: ctx.router.routes.list().map(route => ({
          id: route.alias,
          object: 'model',
          created: 0,
          owned_by: 'quantumlayer',
        })),
      });
    } catch (error) {
      const failure = failureOf(ctx, req, error);
      res.status(failure.status).json(openAiErrorBody(failure));
    }
  });
}
