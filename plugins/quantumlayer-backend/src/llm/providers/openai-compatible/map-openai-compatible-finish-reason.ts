import type { LlmCompletion } from '@internal/backstage-plugin-quantumlayer-node';

/** Maps the wire's finish_reason; unknown vendor values become `other`. */
export function mapFinishReason(
  reason: string | null | undefined,
): LlmCompletion['finishReason'] {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}
