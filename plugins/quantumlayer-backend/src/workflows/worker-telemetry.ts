import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { Resource } from '@opentelemetry/resources';
import type {
  ReadableSpan,
  Span,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { WorkerOptions } from '@temporalio/worker';
import { ActivityLoggingInterceptor } from '../tracing/activity-logging';
import type { WorkflowMetricsSinks } from './shared';
import {
  recordWorkflowCompletion,
  recordWorkflowStart,
} from '@internal/backstage-plugin-quantumlayer-node';

/** The span processor of whatever tracer provider the process registered (instrumentation.js, a test). */
function registeredProcessor(): SpanProcessor | undefined {
  let provider: unknown = trace.getTracerProvider();
  if (provider instanceof ProxyTracerProvider)
    provider = provider.getDelegate();
  return (
    provider as { getActiveSpanProcessor?: () => SpanProcessor }
  ).getActiveSpanProcessor?.();
}

/**
 * Hands the spans the workflow sandbox ends to the process's tracer
 * provider, looked up per span, so they take the same pipeline (OTLP to the
 * collector in production) as every other span; without one they are
 * dropped, like any span of the no-op provider.
 */
class RegisteredProviderProcessor implements SpanProcessor {
  onStart(_span: Span, _context: Context) {}

  onEnd(span: ReadableSpan) {
    registeredProcessor()?.onEnd(span);
  }

  async forceFlush() {
    await registeredProcessor()?.forceFlush();
  }

  async shutdown() {}
}

/**
 * Worker options that count runs (the workflow metrics sink) and trace
 * workflows and activities (Temporal's
 * OpenTelemetry interceptors): the trace started by the REST call or the
 * scaffolder action goes on through the workflow into each activity, and
 * from there into the router's spans. With a logger, each activity's outcome
 * is logged with its correlation ids, inside its span.
 */
export function telemetryWorkerOptions(
  logger?: LoggerService,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  return {
    sinks: {
      // Called by the workflow interceptor, never on replay: each run is
      // counted once, by the worker that runs it.
      workflowMetrics: {
        started: { fn: () => recordWorkflowStart(), callDuringReplay: false },
        closed: {
          fn: (
            _info: unknown,
            ...[outcome, stages]: Parameters<
              WorkflowMetricsSinks['workflowMetrics']['closed']
            >
          ) => recordWorkflowCompletion(outcome, stages),
          callDuringReplay: false,
        },
      },
      exporter: makeWorkflowExporter(
        new RegisteredProviderProcessor(),
        new Resource({ 'service.name': 'quantumlayer-workflows' }),
      ),
    },
    interceptors: {
      activity: [
        ctx => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
        ...(logger
          ? [
              (ctx: ActivityContext) => ({
                inbound: new ActivityLoggingInterceptor(ctx, logger),
              }),
            ]
          : []),
      ],
    },
  };
}
