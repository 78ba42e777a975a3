import type Anthropic from '@anthropic-ai/sdk';
import type {
  LlmMessage,
  LlmToolCall,
} from '@internal/backstage-plugin-quantumlayer-node';
import { z } from 'zod';

/**
 * The Messages API has no JSON mode, so `responseFormat: 'json'` becomes this
 * last system instruction. The answer is still free text: callers parse it
 * with a schema, as for every other provider.
 */
export const ANTHROPIC_JSON_MODE_INSTRUCTION =
  'Reply with exactly one JSON object and nothing else: no prose before or after it, no Markdown code fences.';

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
 * messages of one role are merged into one message. Throws a TypeError for a
 * message it cannot express.
 */
export function convertToAnthropicMessages(
  messages: LlmMessage[],
  options: { jsonMode?: boolean } = {},
): AnthropicPrompt {
  const system: Anthropic.TextBlockParam[] = [];
  const result: Array<{ role: 'user' | 'assistant'; content: Block[] }> = [];
  const push = (role: 'user' | 'assistant', blocks: Block[]) => {
    const last = result[result.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else result.push({ role, content: blocks });
  };

  messages.forEach((message, position) => {
    switch (message.role) {
      case 'system':
        system.push({ type: 'text', text: message.content });
        return;
      case 'user':
        push('user', [{ type: 'text', text: message.content }]);
        return;
      case 'tool':
        if (!message.toolCallId) {
          throw new TypeError(
            `message ${position} is a tool result without toolCallId; set it to the id of the call it answers`,
          );
        }
        push('user', [
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

  if (options.jsonMode) {
    system.push({ type: 'text', text: ANTHROPIC_JSON_MODE_INSTRUCTION });
  }
  return {
    ...(system.length > 0 ? { system } : {}),
    messages: result,
  };
}

const toolArgumentsSchema = z.record(z.string(), z.unknown());

/** Tool call arguments are JSON text; the Messages API wants the object. */
export function parseToolArguments(call: LlmToolCall): Record<string, unknown> {
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
