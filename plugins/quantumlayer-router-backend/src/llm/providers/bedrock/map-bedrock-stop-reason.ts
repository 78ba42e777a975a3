import type { LlmFinishReason } from '@internal/backstage-plugin-quantumlayer-router-node';

/**
 * Maps a Converse `stopReason` to our finish reason; values Bedrock adds
 * later become `other`.
 */
export function mapBedrockStopReason(
  reason: string | null | undefined,
): LlmFinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    // A context window that filled up before maxTokens is a length stop too.
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'content_filtered':
    case 'guardrail_intervened':
      return 'content-filter';
    default:
      return 'other';
  }
}
