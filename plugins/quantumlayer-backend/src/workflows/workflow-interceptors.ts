import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import {
  isCancellation,
  proxySinks,
  workflowInfo,
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import {
  GENERATE_EXTENDED_WORKFLOW,
  type WorkflowMetricsSinks,
} from './shared';

const { workflowMetrics } = proxySinks<WorkflowMetricsSinks>();

/**
 * Counts each generate-extended run once: its start on its first
 * activation, its close with the outcome and stage durations. The sink is
 * not called on replay, so a worker that picks a run up after a crash does
 * not count it again.
 */
class WorkflowMetricsInterceptor implements WorkflowInboundCallsInterceptor {
  async execute(
    input: WorkflowExecuteInput,
    next: Next<WorkflowInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    if (workflowInfo().workflowType !== GENERATE_EXTENDED_WORKFLOW) {
      return next(input);
    }
    workflowMetrics.started();
    try {
      const result = (await next(input)) as {
        stages?: Parameters<
          WorkflowMetricsSinks['workflowMetrics']['closed']
        >[1];
      };
      workflowMetrics.closed('completed', result?.stages ?? []);
      return result;
    } catch (error) {
      workflowMetrics.closed(
        isCancellation(error) ? 'cancelled' : 'failed',
        [],
      );
      throw error;
    }
  }
}

/**
 * Bundled with the workflows: continues the starter's trace in the workflow
 * and hands it on to activities and child workflows through their headers
 * (Temporal's OpenTelemetry interceptors; workflow spans leave the sandbox
 * through the `exporter` sink, src/workflows/worker-telemetry.ts), and counts
 * runs through the `workflowMetrics` sink.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    new OpenTelemetryInboundInterceptor(),
    new WorkflowMetricsInterceptor(),
  ],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
