import type { LlmFinishReason } from '@internal/backstage-plugin-quantumlayer-router-node';

/** Maps the wire's `finish_reason`; unknown vendor values become `other`. */
export function mapOpenAiFinishReason(
  reason: string | null | undefined,
): LlmFinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}
