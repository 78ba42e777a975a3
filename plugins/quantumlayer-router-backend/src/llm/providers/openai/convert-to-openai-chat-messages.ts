import type { LlmMessage } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  toolResultWithoutIdError,
  unknownRoleError,
} from '../shared/invalid-request';

/**
 * Converts the contract's messages to chat-completions messages: assistant
 * `toolCalls` become `tool_calls`, tool answers `role: 'tool'` with their
 * `tool_call_id`. Pure; a tool message without `toolCallId` throws.
 */
export function convertToOpenAiChatMessages(
  messages: readonly LlmMessage[],
): ChatCompletionMessageParam[] {
  return messages.map((message, position) => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user':
        return { role: 'user', content: message.content };
      case 'assistant':
        return {
          role: 'assistant',
          content: message.content,
          ...(message.toolCalls?.length
            ? {
                tool_calls: message.toolCalls.map(call => ({
                  id: call.id,
                  type: 'function' as const,
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        };
      case 'tool':
        if (!message.toolCallId) {
          throw toolResultWithoutIdError(position);
        }
        return {
          role: 'tool',
          tool_call_id: message.toolCallId,
          content: message.content,
        };
      default:
        throw unknownRoleError(position, (message as { role: unknown }).role);
    }
  });
}
