import type { LlmUsage } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { OpenAiUsage } from './openai-chat-api';

/** Token counts as reported; a vendor that reports none counts as zero. */
export function convertOpenAiUsage(
  usage: OpenAiUsage | null | undefined,
): LlmUsage {
  return {
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
  };
}
