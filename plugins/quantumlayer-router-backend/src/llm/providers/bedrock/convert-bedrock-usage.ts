import type { TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { LlmUsage } from '@internal/backstage-plugin-quantumlayer-router-node';

/**
 * Bedrock's `inputTokens` leaves out prompt tokens read from or written to the
 * prompt cache; they are still prompt tokens, so they are added back.
 */
export function convertBedrockUsage(
  usage: Partial<TokenUsage> | undefined,
): LlmUsage {
  return {
    promptTokens:
      (usage?.inputTokens ?? 0) +
      (usage?.cacheReadInputTokens ?? 0) +
      (usage?.cacheWriteInputTokens ?? 0),
    completionTokens: usage?.outputTokens ?? 0,
  };
}
