import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { CallContext, RouteInfo } from '../llm/router-types';
import { tracer } from './request-span';

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
      try {
        const result = await call();
        span.setAttributes({
          'llm.provider': result.route.provider,
          'llm.model': result.route.model,
          'llm.attempts': result.route.attempts.length,
          'llm.cost_usd': result.route.costUsd,
          'llm.cached': result.route.cached,
        });
        return result;
      } catch (error) {
        span.recordException(error as Error);
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
