import { context, trace } from '@opentelemetry/api';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Context as ActivityContext } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  Next,
} from '@temporalio/worker';

/**
 * One structured log line per activity outcome, carrying the correlation
 * ids: workflow id (for scaffolder runs `ql-<task id>-<step id>.<principal tag>`), run id,
 * activity, attempt and trace id. Never the activity's input or output.
 */
export class ActivityLoggingInterceptor
  implements ActivityInboundCallsInterceptor
{
  constructor(
    private readonly ctx: ActivityContext,
    private readonly logger: LoggerService,
  ) {}

  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const info = this.ctx.info;
    const traceId = trace.getSpan(context.active())?.spanContext().traceId;
    const log = this.logger.child({
      workflowId: info.workflowExecution?.workflowId,
      runId: info.workflowExecution?.runId,
      activity: info.activityType,
      attempt: info.attempt,
      ...(traceId ? { traceId } : {}),
    });
    const started = performance.now();
    try {
      const result = await next(input);
      log.info(
        `activity ${info.activityType} completed in ${Math.round(
          performance.now() - started,
        )} ms`,
      );
      return result;
    } catch (error) {
      log.warn(
        `activity ${info.activityType} failed (attempt ${info.attempt}): ${
          (error as Error).message
        }`,
      );
      throw error;
    }
  }
}
