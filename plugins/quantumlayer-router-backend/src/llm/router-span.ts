import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type {
  CallContext,
  RouteInfo,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { tracer, offPath } from '@internal/backstage-plugin-quantumlayer-node';

/**
 * Runs one router call in a span `llm.<operation>` that names who asked
 * (caller, group, workflow) and, once answered, where it went and what it
 * cost. Never the prompt or the answer.
 */
export async function inRouterSpan<T extends { route: RouteInfo }>(
  operation: 'complete' | 'embed',
  model: string | undefined,
  ctx: CallContext,
  call: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    `llm.${operation}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        'llm.alias': model ?? 'default',
        ...(ctx.caller ? { 'quantumlayer.caller': ctx.caller } : {}),
        ...(ctx.group ? { 'quantumlayer.group': ctx.group } : {}),
        ...(ctx.workflowId
          ? { 'quantumlayer.workflow_id': ctx.workflowId }
          : {}),
      },
    },
    async span => {
      let result: T;
      try {
        result = await call();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: (error as Error).message,
        });
        span.end();
        throw error;
      }
      // Ended at this instant, but written once the answer has gone out.
      const endedAt = performance.timeOrigin + performance.now();
      const { route } = result;
      offPath(() => {
        span.setAttributes({
          'llm.provider': route.provider,
          'llm.model': route.model,
          'llm.attempts': route.attempts.length,
          'llm.cost_usd': route.costUsd,
          'llm.cached': route.cached,
        });
        span.end(endedAt);
      });
      return result;
    },
  );
}
