import type { IncomingMessage, ServerResponse } from 'http';
import type { z } from 'zod/v4';
import { InputError } from '@backstage/errors';
import { describeIssues } from '@internal/backstage-plugin-quantumlayer-common';
import type {
  LlmCompletionRequest,
  LlmStreamPart,
  LlmUsage,
  RateLimitStatus,
  RoutedCompletion,
  RouteInfo,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  abortOnDisconnect,
  failureOf,
  GatewayContext,
  relayStream,
} from './gateway-context';
import type { GatewayFailure } from './gateway-errors';
import { auditLlmCall, LlmCallAudit } from './gateway-audit';
import { sendJson } from './http-io';
import { completeAudited } from './chat-operations';
import { responseId, routeHeaders } from './route-headers';
import { coalescingWriter, openSse, writeEvent } from './sse';

/** How the audit records a stream its client stopped reading (nginx's 499). */
const CLIENT_GONE: GatewayFailure = {
  status: 499,
  type: 'client_disconnected',
  message: 'the client disconnected before the stream ended',
};

/** A request schema whose requests may ask for a stream. */
type StreamableSchema = z.ZodType<{ stream?: boolean | null }>;

/** One server-sent event: its name (or none) and its data. */
export type WireEvent = [event: string | undefined, data: object | string];

/** How one vendor's wire protocol maps onto the router. */
export interface GatewayWire<S extends StreamableSchema> {
  /** e.g. `chat completion`, for "invalid chat completion request: …". */
  label: string;
  schema: S;
  idPrefix: string;
  toRequest(body: z.infer<S>): LlmCompletionRequest;
  toResponse(id: string, completion: RoutedCompletion): object;
  /** Turns stream parts into events; `end` closes a complete stream. */
  events(
    id: string,
    route: RouteInfo,
    body: z.infer<S>,
  ): {
    start(): WireEvent[];
    part(part: LlmStreamPart): WireEvent[];
    end(): WireEvent[];
  };
  errorBody(failure: GatewayFailure): object;
  /** The vendor's rate-limit headers (and `retry-after` on a refusal). */
  rateLimitHeaders(
    status: RateLimitStatus,
    retryAfterMs?: number,
  ): Record<string, string>;
}

/** The route headers, plus the caller's rate-limit headers when a limit applied. */
function answerHeaders(
  wire: { rateLimitHeaders: GatewayWire<any>['rateLimitHeaders'] },
  route: RouteInfo,
  withCost: boolean,
) {
  const headers = routeHeaders(route, withCost);
  return route.rateLimits
    ? Object.assign(headers, wire.rateLimitHeaders(route.rateLimits))
    : headers;
}

/** Headers of an error answer: the rate-limit ones when a limit refused the call. */
export function failureHeaders(
  wire: { rateLimitHeaders: GatewayWire<any>['rateLimitHeaders'] },
  failure: GatewayFailure,
): Record<string, string> | undefined {
  return failure.rateLimits
    ? wire.rateLimitHeaders(failure.rateLimits, failure.retryAfterMs)
    : undefined;
}

/** Reads and parses the request body; called only once the caller is authenticated. */
export type BodyReader = () => Promise<unknown>;

/**
 * Serves one gateway call in any wire protocol: authenticate, then read and
 * validate the body, route (JSON or SSE), and answer errors in the vendor's
 * shape. An unauthenticated request is refused before its body is read. A
 * cut or failed stream ends with the vendor's error event, never a clean
 * end. Every routed call is audited (`llm-call`), without its text.
 */
export async function serveGatewayCall<S extends StreamableSchema>(
  ctx: GatewayContext,
  wire: GatewayWire<S>,
  req: IncomingMessage,
  res: ServerResponse,
  readBody: BodyReader,
) {
  let audit: LlmCallAudit | undefined;
  try {
    const caller = await ctx.callers.identify(req);
    const parsed = wire.schema.safeParse(await readBody());
    if (!parsed.success) {
      throw new InputError(
        `invalid ${wire.label} request: ${describeIssues(parsed.error)}`,
      );
    }
    const call = ctx.callers.callContext(caller, req);
    const request = wire.toRequest(parsed.data);
    request.abortSignal = abortOnDisconnect(res);
    const start = { endpoint: wire.label, alias: request.model ?? 'default' };
    const id = responseId(wire.idPrefix);
    if (!parsed.data.stream) {
      // Audited there, success or failure.
      const completion = await completeAudited(
        ctx,
        caller,
        request,
        call,
        start,
      );
      sendJson(
        res,
        200,
        wire.toResponse(id, completion),
        answerHeaders(wire, completion.route, true),
      );
      return;
    }
    audit = auditLlmCall(
      ctx.auditor,
      caller,
      { ...start, stream: true },
      ctx.logger,
    );
    const stream = await ctx.router.stream(request, call);
    openSse(res, answerHeaders(wire, stream.route, false));
    const events = wire.events(id, stream.route, parsed.data);
    const batch = coalescingWriter(res);
    const send = (list: WireEvent[]) =>
      batch(() => {
        res.cork();
        list.forEach(([event, data]) => writeEvent(res, data, event));
        res.uncork();
      });
    // The opening events go out with the first part, in one write.
    let opening = events.start();
    let usage: LlmUsage | undefined;
    await relayStream(stream, request.abortSignal, {
      part: part => {
        if (part.type === 'finish') usage = part.usage;
        send([...opening, ...events.part(part)]);
        opening = [];
      },
      end: () => {
        send(events.end());
        res.end();
        void audit?.succeeded(stream.route, usage);
      },
      error: failure => {
        writeEvent(res, wire.errorBody(failure), 'error');
        res.end();
        void audit?.failed(failure);
      },
    });
    if (request.abortSignal.aborted) void audit.failed(CLIENT_GONE);
  } catch (error) {
    const failure = failureOf(ctx, req, error);
    void audit?.failed(failure);
    if (res.headersSent) res.end();
    else
      sendJson(
        res,
        failure.status,
        wire.errorBody(failure),
        failureHeaders(wire, failure),
      );
  }
}
