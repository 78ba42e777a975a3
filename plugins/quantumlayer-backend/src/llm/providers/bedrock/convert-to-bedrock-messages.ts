import type {
  ContentBlock,
  Message,
  SystemContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import type {
  LlmMessage,
  LlmToolCall,
} from '@internal/backstage-plugin-quantumlayer-node';
import { z } from 'zod';

/**
 * Converse has no JSON mode, so `responseFormat: 'json'` becomes this last
 * system block. The answer is still free text: callers parse it with a
 * schema, as for every other provider.
 */
export const BEDROCK_JSON_MODE_INSTRUCTION =
  'Reply with exactly one JSON object and nothing else: no prose before or after it, no Markdown code fences.';

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
 * Throws a TypeError for a message it cannot express.
 */
export function convertToBedrockMessages(
  messages: LlmMessage[],
  options: { jsonMode?: boolean } = {},
): BedrockPrompt {
  const system: SystemContentBlock[] = [];
  const result: Array<{ role: 'user' | 'assistant'; content: ContentBlock[] }> =
    [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlock[]) => {
    const last = result[result.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else result.push({ role, content: blocks });
  };

  messages.forEach((message, position) => {
    switch (message.role) {
      case 'system':
        system.push({ text: message.content });
        return;
      case 'user':
        push('user', [{ text: message.content }]);
        return;
      case 'tool':
        if (!message.toolCallId) {
          throw new TypeError(
            `message ${position} is a tool result without toolCallId; set it to the id of the call it answers`,
          );
        }
        push('user', [
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
              input: parseToolArguments(call),
            },
          });
        }
        push('assistant', blocks);
        return;
      }
      default:
        throw new TypeError(
          `message ${position} has role "${
            (message as LlmMessage).role
          }"; use system, user, assistant or tool`,
        );
    }
  });

  if (options.jsonMode) system.push({ text: BEDROCK_JSON_MODE_INSTRUCTION });
  return {
    ...(system.length > 0 ? { system } : {}),
    messages: result,
  };
}

const toolArgumentsSchema = z.record(z.string(), z.unknown());

/** Tool call arguments are JSON text; Converse wants the object. */
export function parseToolArguments(call: LlmToolCall): Record<string, any> {
  let value: unknown;
  try {
    value = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch {
    throw new TypeError(
      `tool call ${call.id} (${call.name}) has arguments that are not valid JSON`,
    );
  }
  const parsed = toolArgumentsSchema.safeParse(value);
  if (!parsed.success) {
    throw new TypeError(
      `tool call ${call.id} (${call.name}) has arguments that are not a JSON object`,
    );
  }
  return parsed.data;
}
