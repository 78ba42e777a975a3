import type { IncomingMessage, ServerResponse } from 'http';
import { InputError } from '@backstage/errors';
import { describeIssues } from '@internal/backstage-plugin-quantumlayer-common';
import {
  abortOnDisconnect,
  failureOf,
  GatewayContext,
  relayStream,
} from './gateway-context';
import { openAiErrorBody } from './gateway-errors';
import { sendJson } from './http-io';
import { OpenAiChunkWriter } from './openai-stream';
import {
  fromOpenAiRequest,
  openAiChatRequestSchema,
  toOpenAiResponse,
} from './openai-wire';
import { responseId, routeHeaders } from './route-headers';
import { openSse, writeEvent } from './sse';

function fail(ctx: GatewayContext, req: IncomingMessage, res: ServerResponse, error: unknown) {
  const failure = failureOf(ctx, req, error);
  if (res.headersSent) res.end();
  else sendJson(res, failure.status, openAiErrorBody(failure));
}

/**
 * `POST /v1/chat/completions`, OpenAI's wire protocol (JSON or SSE). Errors
 * use OpenAI's error shape so the SDK reports them.
 */
export async function openAiChat(
  ctx: GatewayContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
) {
  try {
    const caller = await ctx.callers.identify(req);
    const parsed = openAiChatRequestSchema.safeParse(body);
    if (!parsed.success) {
      throw new InputError(`invalid chat completion request: ${describeIssues(parsed.error)}`);
    }
    const call = ctx.callers.callContext(caller, req);
    const request = fromOpenAiRequest(parsed.data);
    request.abortSignal = abortOnDisconnect(res);
    const id = responseId('chatcmpl-');
    if (!parsed.data.stream) {
      const completion = await ctx.router.complete(request, call);
      sendJson(res, 200, toOpenAiResponse(id, completion), routeHeaders(completion.route, true));
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
    fail(ctx, req, res, error);
  }
}

/** `GET /v1/models`: every routable alias. */
export async function openAiModels(
  ctx: GatewayContext,
  req: IncomingMessage,
  res: ServerResponse,
) {
  try {
    await ctx.callers.identify(req);
    sendJson(res, 200, {
      object: 'list',
      data: ctx.router.routes.list().map(route => ({
        id: route.alias,
        object: 'model',
        created: 0,
        owned_by: 'quantumlayer',
      })),
    });
  } catch (error) {
    fail(ctx, req, res, error);
  }
}
