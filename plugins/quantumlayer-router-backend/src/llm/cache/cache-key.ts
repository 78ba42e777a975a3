import { createHash } from 'crypto';
import { canonical } from '@internal/backstage-plugin-quantumlayer-common';
import type { LlmCompletionRequest } from '@internal/backstage-plugin-quantumlayer-router-node';

/**
 * Who may be served a cached answer: the caller's principal (entity ref or
 * service subject), so one user's answers never reach another and a hit
 * says nothing about what others asked. Calls without a caller share one
 * anonymous scope. There is no policy for sharing within a group, so the
 * scope is the caller, not their group.
 */
export function cacheScope(ctx: { caller?: string }): string {
  return ctx.caller ?? '';
}

/**
 * The exact-match cache key: a hash of the caller's scope and everything
 * that shapes the answer (alias, messages, sampling, tools, format), in a
 * normalized form, so key order and absent fields do not split entries.
 * The request's labels (`metadata`) count too: the template provider's
 * answer depends on them.
 */
export function cacheKey(
  alias: string,
  request: LlmCompletionRequest,
  scope: string,
) {
  const shaped = {
    scope,
    alias,
    messages: request.messages,
    ...answerSettings(request),
  };
  return createHash('sha256').update(canonical(shaped)).digest('hex');
}

/** The request fields besides messages that shape an answer: sampling, tools, format, labels. */
export function answerSettings(request: LlmCompletionRequest) {
  return {
    temperature: request.temperature,
    topP: request.topP,
    maxTokens: request.maxTokens,
    stop: request.stop,
    tools: request.tools,
    toolChoice: request.toolChoice,
    responseFormat: request.responseFormat,
    metadata: request.metadata,
  };
}
