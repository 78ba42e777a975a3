import type { IncomingMessage, ServerResponse } from 'http';
import { InputError } from '@backstage/errors';
import { describeIssues } from '@internal/backstage-plugin-quantumlayer-common';
import { AnthropicEventWriter, SseEvent } from './anthropic-stream';
import {
  anthropicMessagesRequestSchema,
  fromAnthropicRequest,
  toAnthropicResponse,
} from './anthropic-wire';
import {
  abortOnDisconnect,
  failureOf,
  GatewayContext,
  relayStream,
} from './gateway-context';
import { anthropicErrorBody } from './gateway-errors';
import { sendJson } from './http-io';
import { responseId, routeHeaders } from './route-headers';
import { openSse, writeEvent } from './sse';

/**
 * `POST /v1/messages`, Anthropic's Messages protocol (JSON or SSE), so the
 * official Anthropic client works against the router unchanged.
 */
export async function anthropicMessages(
  ctx: GatewayContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
) {
  try {
    const caller = await ctx.callers.identify(req);
    const parsed = anthropicMessagesRequestSchema.safeParse(body);
    if (!parsed.success) {
      throw new InputError(`invalid messages request: ${describeIssues(parsed.error)}`);
    }
    const call = ctx.callers.callContext(caller, req);
    const request = fromAnthropicRequest(parsed.data);
    request.abortSignal = abortOnDisconnect(res);
    const id = responseId('msg_');
    if (!parsed.data.stream) {
      const completion = await ctx.router.complete(request, call);
      sendJson(res, 200, toAnthropicResponse(id, completion), routeHeaders(completion.route, true));
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
    if (res.headersSent) res.end();
    else sendJson(res, failure.status, anthropicErrorBody(failure));
  }
}
