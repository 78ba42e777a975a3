import type { LlmFinishReason } from '@internal/backstage-plugin-quantumlayer-router-node';

/**
 * Maps a Messages API `stop_reason` to our finish reason. `pause_turn` and
 * any value Anthropic adds later become `other`.
 */
export function mapAnthropicStopReason(
  reason: string | null | undefined,
): LlmFinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    // A context window that filled up before max_tokens is a length stop too.
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}
