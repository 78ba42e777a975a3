import type { IncomingMessage, ServerResponse } from 'http';
import { InputError } from '@backstage/errors';
import {
  describeIssues,
  openAiChatRequestSchema,
  openAiEmbeddingRequestSchema,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  abortOnDisconnect,
  failureOf,
  GatewayContext,
} from './gateway-context';
import {
  BodyReader,
  failureHeaders,
  serveGatewayCall,
  GatewayWire,
} from './gateway-call';
import { auditLlmCall, LlmCallAudit } from './gateway-audit';
import { openAiErrorBody } from './gateway-errors';
import { sendJson } from './http-io';
import {
  fromOpenAiEmbeddingRequest,
  toOpenAiEmbeddingResponse,
} from './openai-embeddings-wire';
import { OpenAiChunkWriter } from './openai-stream';
import { openAiRateLimitHeaders } from './rate-limit-headers';
import { routeHeaders } from './route-headers';
import { fromOpenAiRequest, toOpenAiResponse } from './openai-wire';

const openAiWire: GatewayWire<typeof openAiChatRequestSchema> = {
  label: 'chat completion',
  schema: openAiChatRequestSchema,
  idPrefix: 'chatcmpl-',
  toRequest: fromOpenAiRequest,
  toResponse: toOpenAiResponse,
  events(id, route, body) {
    const writer = new OpenAiChunkWriter(
      id,
      route,
      body.stream_options?.include_usage ?? false,
    );
    return {
      start: () => [],
      part: part => writer.chunks(part).map(chunk => [undefined, chunk]),
      end: () => [[undefined, '[DONE]']],
    };
  },
  errorBody: openAiErrorBody,
  rateLimitHeaders: openAiRateLimitHeaders,
};

/**
 * `POST /v1/chat/completions`, OpenAI's wire protocol (JSON or SSE). Errors
 * use OpenAI's error shape so the SDK reports them.
 */
export function openAiChat(
  ctx: GatewayContext,
  req: IncomingMessage,
  res: ServerResponse,
  readBody: BodyReader,
) {
  return serveGatewayCall(ctx, openAiWire, req, res, readBody);
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
    const failure = failureOf(ctx, req, error);
    sendJson(res, failure.status, openAiErrorBody(failure));
  }
}

/**
 * `POST /v1/embeddings`, OpenAI's wire protocol: authenticated and permitted
 * like chat completions, routed through `router.embed` (aliases whose
 * targets serve embeddings), float or base64 vectors as asked.
 */
export async function openAiEmbeddings(
  ctx: GatewayContext,
  req: IncomingMessage,
  res: ServerResponse,
  readBody: BodyReader,
) {
  let audit: LlmCallAudit | undefined;
  try {
    const caller = await ctx.callers.identify(req);
    const parsed = openAiEmbeddingRequestSchema.safeParse(await readBody());
    if (!parsed.success) {
      throw new InputError(
        `invalid embeddings request: ${describeIssues(parsed.error)}`,
      );
    }
    const request = fromOpenAiEmbeddingRequest(parsed.data);
    request.abortSignal = abortOnDisconnect(res);
    const call = ctx.callers.callContext(caller, req);
    audit = auditLlmCall(
      ctx.auditor,
      caller,
      { endpoint: 'embeddings', alias: request.model, stream: false },
      ctx.logger,
    );
    const result = await ctx.router.embed(request, call);
    void audit.succeeded(result.route, result.usage);
    sendJson(
      res,
      200,
      toOpenAiEmbeddingResponse(result, parsed.data.encoding_format ?? 'float'),
      result.route.rateLimits
        ? {
            ...routeHeaders(result.route, true),
            ...openAiRateLimitHeaders(result.route.rateLimits),
          }
        : routeHeaders(result.route, true),
    );
  } catch (error) {
    const failure = failureOf(ctx, req, error);
    void audit?.failed(failure);
    sendJson(
      res,
      failure.status,
      openAiErrorBody(failure),
      failureHeaders({ rateLimitHeaders: openAiRateLimitHeaders }, failure),
    );
  }
}
