import type {
  ContentBlock,
  Message,
  SystemContentBlock,
  ToolUseBlock,
} from '@aws-sdk/client-bedrock-runtime';
import type { LlmMessage } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  toolResultWithoutIdError,
  unknownRoleError,
} from '../shared/invalid-request';
import { JSON_MODE_INSTRUCTION } from '../shared/json-mode';
import { appendTurn, Turn } from '../shared/merge-turns';
import { parseToolArguments } from '../shared/tool-arguments';

/** The prompt fields of a Converse request. */
export interface BedrockPrompt {
  system?: SystemContentBlock[];
  messages: Message[];
}

/**
 * Converts chat messages to the Converse shape: system messages become
 * `system` blocks; tool results become `toolResult` blocks of a user message;
 * assistant tool calls become `toolUse` blocks with parsed input; consecutive
 * messages of one role are merged, as Converse requires alternating roles.
 * Converse has no JSON mode: `jsonMode` adds JSON_MODE_INSTRUCTION as the
 * last system block. Throws an InvalidLlmRequestError for a message it cannot
 * express.
 */
export function convertToBedrockMessages(
  messages: LlmMessage[],
  options: { jsonMode?: boolean } = {},
): BedrockPrompt {
  const system: SystemContentBlock[] = [];
  const result: Turn<ContentBlock>[] = [];

  messages.forEach((message, position) => {
    switch (message.role) {
      case 'system':
        system.push({ text: message.content });
        return;
      case 'user':
        appendTurn(result, 'user', [{ text: message.content }]);
        return;
      case 'tool':
        if (!message.toolCallId) {
          throw toolResultWithoutIdError(position);
        }
        appendTurn(result, 'user', [
          {
            toolResult: {
              toolUseId: message.toolCallId,
              content: [{ text: message.content }],
            },
          },
        ]);
        return;
      case 'assistant': {
        const calls = message.toolCalls ?? [];
        // Converse rejects blank text blocks; a calls-only turn has none.
        const blocks: ContentBlock[] =
          message.content !== '' || calls.length === 0
            ? [{ text: message.content }]
            : [];
        for (const call of calls) {
          blocks.push({
            toolUse: {
              toolUseId: call.id,
              name: call.name,
              // Parsed JSON, hence a document, which the type cannot tell.
              input: parseToolArguments(call) as ToolUseBlock['input'],
            },
          });
        }
        appendTurn(result, 'assistant', blocks);
        return;
      }
      default:
        throw unknownRoleError(position, (message as LlmMessage).role);
    }
  });

  if (options.jsonMode) system.push({ text: JSON_MODE_INSTRUCTION });
  return {
    ...(system.length > 0 ? { system } : {}),
    messages: result,
  };
}
