import type { LlmUsage } from '@internal/backstage-plugin-quantumlayer-router-node';

/** The usage fields we read; message_start and message_delta send subsets. */
export interface AnthropicUsageFields {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/**
 * Anthropic's `input_tokens` leaves out prompt tokens written to or read from
 * the prompt cache; they are still prompt tokens, so they are added back.
 */
export function convertAnthropicUsage(usage: AnthropicUsageFields): LlmUsage {
  return {
    promptTokens:
      (usage.input_tokens ?? 0) +
      (usage.cache_creation_input_tokens ?? 0) +
      (usage.cache_read_input_tokens ?? 0),
    completionTokens: usage.output_tokens ?? 0,
  };
}
