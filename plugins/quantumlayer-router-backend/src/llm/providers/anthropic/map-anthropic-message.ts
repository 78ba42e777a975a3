import type Anthropic from '@anthropic-ai/sdk';
import type {
  LlmCompletion,
  LlmToolCall,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { convertAnthropicUsage } from './convert-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

/** Maps a Messages API answer; text blocks are joined, tool_use blocks become tool calls. */
export function mapAnthropicMessage(
  provider: string,
  message: Anthropic.Message,
): LlmCompletion {
  let text = '';
  const toolCalls: LlmToolCall[] = [];
  for (const block of message.content ?? []) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        name: block.name,
        arguments: JSON.stringify(block.input ?? {}),
      });
    }
  }
  return {
    text,
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    provider,
    model: message.model,
    usage: convertAnthropicUsage(message.usage ?? {}),
    finishReason: mapAnthropicStopReason(message.stop_reason),
  };
}
