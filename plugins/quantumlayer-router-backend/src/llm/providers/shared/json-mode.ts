import type { LlmCompletionRequest } from '@internal/backstage-plugin-quantumlayer-router-node';

/**
 * For APIs without a JSON mode (Anthropic's Messages, Bedrock's Converse),
 * `responseFormat: 'json'` becomes this last system instruction. The answer
 * is still free text: callers parse it with a schema, as for every provider.
 */
export const JSON_MODE_INSTRUCTION =
  'Reply with exactly one JSON object and nothing else: no prose before or after it, no Markdown code fences.';

/** Whether the request asks for one JSON object. */
export function isJsonMode(
  request: Pick<LlmCompletionRequest, 'responseFormat'>,
): boolean {
  return request.responseFormat === 'json';
}
