import type { AnthropicMessagesRequest } from '@internal/backstage-plugin-quantumlayer-common';
import type {
  LlmCompletionRequest,
  LlmFinishReason,
  LlmMessage,
  LlmToolChoice,
  RoutedCompletion,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { routeExtension } from './openai-wire';

/** A `tool_use` content block. */
type ToolUseBlock = Extract<
  Exclude<
    AnthropicMessagesRequest['messages'][number]['content'],
    string
  >[number],
  { type: 'tool_use' }
>;

const joinText = (blocks: Array<{ text: string }>) =>
  blocks.map(b => b.text).join('');

/** Anthropic wire request → the router's request. */
export function fromAnthropicRequest(
  body: AnthropicMessagesRequest,
): LlmCompletionRequest {
  const messages: LlmMessage[] = [];
  if (body.system) {
    messages.push({
      role: 'system',
      content:
        typeof body.system === 'string' ? body.system : joinText(body.system),
    });
  }
  for (const m of body.messages) {
    if (typeof m.content === 'string') {
      messages.push({ role: m.role, content: m.content });
      continue;
    }
    const texts = m.content.filter(b => b.type === 'text') as Array<{
      text: string;
    }>;
    if (m.role === 'assistant') {
      const calls = m.content.filter(
        b => b.type === 'tool_use',
      ) as Array<ToolUseBlock>;
      messages.push({
        role: 'assistant',
        content: joinText(texts),
        toolCalls: calls.length
          ? calls.map(c => ({
              id: c.id,
              name: c.name,
              arguments: JSON.stringify(c.input ?? {}),
            }))
          : undefined,
      });
      continue;
    }
    for (const b of m.content) {
      if (b.type === 'tool_result') {
        const result =
          typeof b.content === 'string' ? b.content : joinText(b.content ?? []);
        messages.push({
          role: 'tool',
          toolCallId: b.tool_use_id,
          content: b.is_error ? `Error: ${result}` : result,
        });
      }
    }
    if (texts.length) messages.push({ role: 'user', content: joinText(texts) });
  }
  return {
    model: body.model,
    messages,
    maxTokens: body.max_tokens,
    temperature: body.temperature,
    topP: body.top_p,
    stop: body.stop_sequences,
    tools: body.tools?.map(t => ({
      name: t.name,
      description: t.description,
      parameters: t.input_schema,
    })),
    toolChoice: toolChoiceOf(body.tool_choice),
  };
}

function toolChoiceOf(
  choice: AnthropicMessagesRequest['tool_choice'],
): LlmToolChoice | undefined {
  switch (choice?.type) {
    case 'tool':
      return { name: choice.name };
    case 'any':
      return 'required';
    case 'auto':
    case 'none':
      return choice.type;
    default:
      return undefined;
  }
}

const STOP: Record<LlmFinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  error: 'end_turn',
  other: 'end_turn',
};

export function anthropicStopReason(reason: LlmFinishReason): string {
  return STOP[reason];
}

/** Tool arguments as an object; the model's text is kept when it is not JSON. */
export function parseToolInput(args: string): unknown {
  try {
    return args ? JSON.parse(args) : {};
  } catch {
    return { _raw: args };
  }
}

/** The router's answer → Anthropic's `message` object. */
export function toAnthropicResponse(id: string, c: RoutedCompletion) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: c.model,
    content: [
      ...(c.text ? [{ type: 'text', text: c.text }] : []),
      ...(c.toolCalls ?? []).map(t => ({
        type: 'tool_use',
        id: t.id,
        name: t.name,
        input: parseToolInput(t.arguments),
      })),
    ],
    stop_reason: anthropicStopReason(c.finishReason),
    stop_sequence: null,
    usage: {
      input_tokens: c.usage.promptTokens,
      output_tokens: c.usage.completionTokens,
    },
    x_quantumlayer: routeExtension(c.route),
  };
}
