import type express from 'express';
import { InputError } from '@backstage/errors';
import { describeIssues } from '@internal/backstage-plugin-quantumlayer-common';
import { AnthropicEventWriter, SseEvent } from '../gateway/anthropic-stream';
import {
  anthropicMessagesRequestSchema,
  fromAnthropicRequest,
  toAnthropicResponse,
} from '../gateway/anthropic-wire';
import {
  abortOnDisconnect,
  failureOf,
  GatewayContext,
  relayStream,
} from '../gateway/gateway-context';
import { anthropicErrorBody } from '../gateway/gateway-errors';
import { responseId, routeHeaders } from '../gateway/route-headers';
import { openSse, writeEvent } from '../gateway/sse';

/**
 * Anthropic-compatible `POST /v1/messages` (JSON or SSE), so the official
 * Anthropic client works against the router unchanged.
 */
export function addAnthropicRoutes(router: express.Router, ctx: GatewayContext) {
  router.post('/v1/messages', async (req, res) => {
    try {
      const caller = await ctx.callers.identify(req);
      const parsed = anthropicMessagesRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        throw new InputError(`invalid messages request: ${describeIssues(parsed.error)}`);
      }
      const call = ctx.callers.callContext(caller, req);
      const request = fromAnthropicRequest(parsed.data);
      request.abortSignal = abortOnDisconnect(res);
      const id = responseId('msg_');
      if (!parsed.data.stream) {
        const completion = await ctx.router.complete(request, call);
        res
          .set(routeHeaders(completion.route, true))
          .json(toAnthropicResponse(id, completion));
        return;
      }
      const stream = await ctx.router.stream(request, call);
      openSse(res, routeHeaders(stream.route, false));
      const writer = new AnthropicEventWriter(id, stream.route);
      const send = (events: SseEvent[]) =>
        events.forEach(([event, data]) => writeEvent(res, data, event));
      send(writer.start());
      await relayStream(stream, request.abortSignal, {
        part: part => send(writer.events(part)),
        end: () => res.end(),
        error: failure => {
          writeEvent(res, anthropicErrorBody(failure), 'error');
          res.end();
        },
      });
    } catch (error) {
      const failure = failureOf(ctx, req, error);
      if (res.headersSent) {
        res.end();
        return;
      }
      res.status(failure.status).json(anthropicErrorBody(failure));
    }
  });
}
