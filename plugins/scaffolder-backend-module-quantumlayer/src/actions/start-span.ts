import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('quantumlayer-scaffolder');

/**
 * Starts the run inside a span `quantumlayer:generate` naming the task, so
 * the plugin's REST span, the workflow, its activities and the router calls
 * join the task's trace (W3C `traceparent` on the start request).
 */
export function inStartSpan<T>(
  taskId: string,
  workflowId: string,
  start: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    'quantumlayer:generate',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'backstage.scaffolder.task_id': taskId,
        'quantumlayer.workflow_id': workflowId,
      },
    },
    async span => {
      try {
        return await start();
      } catch (error) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: (error as Error).message,
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
