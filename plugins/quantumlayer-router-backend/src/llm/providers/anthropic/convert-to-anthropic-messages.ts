import type Anthropic from '@anthropic-ai/sdk';
import type { LlmMessage } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  toolResultWithoutIdError,
  unknownRoleError,
} from '../shared/invalid-request';
import { JSON_MODE_INSTRUCTION } from '../shared/json-mode';
import { appendTurn, Turn } from '../shared/merge-turns';
import { parseToolArguments } from '../shared/tool-arguments';

/** The prompt fields of a Messages API request. */
export interface AnthropicPrompt {
  system?: Anthropic.TextBlockParam[];
  messages: Anthropic.MessageParam[];
}

type Block = Anthropic.ContentBlockParam;

/**
 * Converts chat messages to the Messages API shape: system messages move to
 * `system`; tool results become `tool_result` blocks of a user message;
 * assistant tool calls become `tool_use` blocks with parsed input; consecutive
 * messages of one role are merged into one message. The Messages API has no
 * JSON mode: `jsonMode` adds JSON_MODE_INSTRUCTION as the last system block.
 * Throws an InvalidLlmRequestError for a message it cannot express.
 */
export function convertToAnthropicMessages(
  messages: LlmMessage[],
  options: { jsonMode?: boolean } = {},
): AnthropicPrompt {
  const system: Anthropic.TextBlockParam[] = [];
  const result: Turn<Block>[] = [];

  messages.forEach((message, position) => {
    switch (message.role) {
      case 'system':
        system.push({ type: 'text', text: message.content });
        return;
      case 'user':
        appendTurn(result, 'user', [{ type: 'text', text: message.content }]);
        return;
      case 'tool':
        if (!message.toolCallId) {
          throw toolResultWithoutIdError(position);
        }
        appendTurn(result, 'user', [
          {
            type: 'tool_result',
            tool_use_id: message.toolCallId,
            content: message.content,
          },
        ]);
        return;
      case 'assistant': {
        const calls = message.toolCalls ?? [];
        const blocks: Block[] =
          message.content !== '' || calls.length === 0
            ? [{ type: 'text', text: message.content }]
            : [];
        for (const call of calls) {
          blocks.push({
            type: 'tool_use',
            id: call.id,
            name: call.name,
            input: parseToolArguments(call),
          });
        }
        appendTurn(result, 'assistant', blocks);
        return;
      }
      default:
        throw unknownRoleError(position, (message as LlmMessage).role);
    }
  });

  if (options.jsonMode) {
    system.push({ type: 'text', text: JSON_MODE_INSTRUCTION });
  }
  return {
    ...(system.length > 0 ? { system } : {}),
    messages: result,
  };
}
