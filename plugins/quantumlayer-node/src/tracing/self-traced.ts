import { EventEmitter } from 'events';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { tracer } from './request-span';

/**
 * Marks an agent whose requests this plugin traces itself, so the process's
 * HTTP instrumentation (packages/backend/src/instrumentation.js) skips them:
 * on the gateway's hot path its generic spans, with their dozen attributes
 * each, cost about a fifth of the throughput.
 *
 * @public
 */
export const SELF_TRACED = Symbol.for('quantumlayer.selfTraced');

/** @public */
export function markSelfTraced<T extends object>(target: T): T {
  (target as Record<symbol, boolean>)[SELF_TRACED] = true;
  return target;
}

/**
 * A server whose requests bypass the HTTP instrumentation entirely: its
 * `emit` is EventEmitter's own, not http.Server.prototype.emit, which the
 * instrumentation wraps (even for a request it then ignores, it binds the
 * request and response to a context, a cost on every call).
 *
 * @public
 */
export function selfTracedServer(server: Server): Server {
  server.emit = EventEmitter.prototype.emit;
  return server;
}

/**
 * Runs one request of a self-traced server in a SERVER span that continues
 * the caller's W3C `traceparent`, named `<method> <path>` and ended with the
 * response status; the trace id goes back in `x-quantumlayer-trace-id`.
 *
 * @public
 */
export function inServerSpan(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  handle: () => Promise<void>,
): Promise<void> {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(
    `${req.method} ${path}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method, 'url.path': path },
    },
    parent,
  );
  const spanContext = span.spanContext();
  if (trace.isSpanContextValid(spanContext)) {
    res.setHeader('x-quantumlayer-trace-id', spanContext.traceId);
  }
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  return context.with(trace.setSpan(parent, span), handle);
}
