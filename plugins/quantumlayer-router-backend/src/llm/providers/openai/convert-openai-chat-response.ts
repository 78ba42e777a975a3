import type {
  LlmCompletion,
  LlmToolCall,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { convertOpenAiUsage } from './convert-openai-usage';
import type { OpenAiChatResponse } from './openai-chat-api';
import { mapOpenAiFinishReason } from './map-openai-finish-reason';

/**
 * Maps a chat completion to the contract's answer. `model` is the vendor's
 * (often more specific than asked), else the requested one. Pure.
 */
export function convertOpenAiChatResponse(
  response: OpenAiChatResponse,
  options: { provider: string; requestedModel: string },
): LlmCompletion {
  const choice = response.choices[0];
  const toolCalls: LlmToolCall[] = (choice?.message.tool_calls ?? [])
    .filter(call => (call.type ?? 'function') === 'function')
    .map((call, position) => ({
      id: call.id ?? `call_${position}`,
      name: call.function.name,
      arguments: call.function.arguments ?? '',
    }));
  return {
    text: choice?.message.content ?? '',
    ...(toolCalls.length ? { toolCalls } : {}),
    provider: options.provider,
    model: response.model || options.requestedModel,
    usage: convertOpenAiUsage(response.usage),
    finishReason: mapOpenAiFinishReason(choice?.finish_reason),
  };
}
