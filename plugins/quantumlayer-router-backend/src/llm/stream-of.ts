import type {
  LlmCompletionRequest,
  LlmProvider,
  LlmStreamPart,
} from '@internal/backstage-plugin-quantumlayer-router-node';

/**
 * The provider's own stream, or, for providers that only complete (the
 * offline template provider), the whole answer as one delta and a finish.
 */
export function streamOf(
  provider: LlmProvider,
  request: LlmCompletionRequest,
): AsyncIterable<LlmStreamPart> {
  if (provider.stream) return provider.stream(request);
  return (async function* whole() {
    const completion = await provider.complete(request);
    if (completion.text) yield { type: 'text-delta', text: completion.text };
    for (const [index, call] of (completion.toolCalls ?? []).entries()) {
      yield {
        type: 'tool-call-delta',
        index,
        id: call.id,
        name: call.name,
        argumentsDelta: call.arguments,
      };
    }
    yield {
      type: 'finish',
      finishReason: completion.finishReason,
      usage: completion.usage,
      model: completion.model,
    };
  })();
}
