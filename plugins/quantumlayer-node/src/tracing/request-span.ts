import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

/** @public */
export const tracer = trace.getTracer('quantumlayer');

/**
 * A server span per request of the plugin's routes, continuing the caller's
 * W3C `traceparent` (or the HTTP instrumentation's span, when the process
 * has one), so the workflow started in the request and everything after it
 * share the caller's trace. The trace id goes back in
 * `x-quantumlayer-trace-id`, for finding the run's trace in Jaeger.
 *
 * @public
 */
export function requestSpan(req: Request, res: Response, next: NextFunction) {
  const parent = trace.getSpan(context.active())
    ? context.active()
    : propagation.extract(context.active(), req.headers);
  const span = tracer.startSpan(
    `${req.method} ${req.path}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.method': req.method, 'http.target': req.path },
    },
    parent,
  );
  const traceId = span.spanContext().traceId;
  if (trace.isSpanContextValid(span.spanContext())) {
    res.setHeader('x-quantumlayer-trace-id', traceId);
  }
  res.on('close', () => {
    span.setAttribute('http.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  const active = trace.setSpan(parent, span);
  // Body parsing resumes in the socket's callbacks: bind the request's
  // listeners, so the handlers after it still run in this span.
  context.bind(active, req);
  context.bind(active, res);
  context.with(active, next);
}
