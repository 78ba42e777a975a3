import { z } from 'zod/v4';
import type {
  LlmCompletionRequest,
  LlmFinishReason,
  LlmMessage,
} from '@internal/backstage-plugin-quantumlayer-node';
import type { RoutedCompletion, RouteInfo } from '../../llm/router-types';

const textParts = z.array(
  z.object({ type: z.literal('text'), text: z.string() }).passthrough(),
);
/** Text as a string or as text parts; other parts (images, audio) are refused. */
const content = z.union([z.string(), textParts]).nullish();

const toolCall = z.object({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const message = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content }),
  z.object({ role: z.literal('developer'), content }),
  z.object({ role: z.literal('user'), content }),
  z.object({
    role: z.literal('assistant'),
    content,
    tool_calls: z.array(toolCall).nullish(),
  }),
  z.object({ role: z.literal('tool'), content, tool_call_id: z.string() }),
]);

/** The part of OpenAI's chat-completions request this gateway serves. */
export const openAiChatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  n: z.literal(1).nullish(),
  tools: z
    .array(
      z.object({
        type: z.literal('function'),
        function: z.object({
          name: z.string(),
          description: z.string().optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .nullish(),
  tool_choice: z
    .union([
      z.enum(['auto', 'none', 'required']),
      z.object({
        type: z.literal('function'),
        function: z.object({ name: z.string() }),
      }),
    ])
    .nullish(),
  response_format: z
    .object({ type: z.enum(['text', 'json_object']) })
    .nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  user: z.string().nullish(),
});

export type OpenAiChatRequest = z.infer<typeof openAiChatRequestSchema>;

function text(value: z.infer<typeof content>): string {
  if (!value) return '';
  return typeof value === 'string' ? value : value.map(p => p.text).join('');
}

/** OpenAI wire request → the router's request. */
export function fromOpenAiRequest(
  body: OpenAiChatRequest,
): LlmCompletionRequest {
  const messages: LlmMessage[] = body.messages.map(m => {
    switch (m.role) {
      case 'developer':
        return { role: 'system', content: text(m.content) };
      case 'assistant':
        return {
          role: 'assistant',
          content: text(m.content),
          toolCalls: m.tool_calls?.map(c => ({
            id: c.id,
            name: c.function.name,
            arguments: c.function.arguments,
          })),
        };
      case 'tool':
        return {
          role: 'tool',
          content: text(m.content),
          toolCallId: m.tool_call_id,
        };
      default:
        return { role: m.role, content: text(m.content) };
    }
  });
  const choice = body.tool_choice;
  return {
    model: body.model,
    messages,
    temperature: body.temperature ?? undefined,
    topP: body.top_p ?? undefined,
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    stop: typeof body.stop === 'string' ? [body.stop] : body.stop ?? undefined,
    tools: body.tools?.map(t => ({
      name: t.function.name,
      description: t.function.description,
      parameters: t.function.parameters ?? { type: 'object', properties: {} },
    })),
    toolChoice:
      typeof choice === 'object' && choice
        ? { name: choice.function.name }
        : choice ?? undefined,
    responseFormat:
      body.response_format?.type === 'json_object' ? 'json' : undefined,
  };
}

const FINISH: Record<LlmFinishReason, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  error: 'stop',
  other: 'stop',
};

export function openAiFinishReason(reason: LlmFinishReason): string {
  return FINISH[reason];
}

/** How it was served, as an extra field the SDKs pass through untouched. */
export function routeExtension(route: RouteInfo) {
  return {
    alias: route.alias,
    provider: route.provider,
    model: route.model,
    attempts: route.attempts.map(a => ({
      provider: a.provider,
      model: a.model,
      outcome: a.outcome,
      status: a.status,
      latency_ms: Math.round(a.latencyMs),
    })),
    cost_usd: route.costUsd,
    cached: route.cached,
  };
}

/** The router's answer → OpenAI's `chat.completion` object. */
export function toOpenAiResponse(id: string, c: RoutedCompletion) {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: c.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: c.toolCalls?.length && !c.text ? null : c.text,
          refusal: null,
          ...(c.toolCalls?.length
            ? {
                tool_calls: c.toolCalls.map(t => ({
                  id: t.id,
                  type: 'function',
                  function: { name: t.name, arguments: t.arguments },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: openAiFinishReason(c.finishReason),
      },
    ],
    usage: {
      prompt_tokens: c.usage.promptTokens,
      completion_tokens: c.usage.completionTokens,
      total_tokens: c.usage.promptTokens + c.usage.completionTokens,
    },
    x_quantumlayer: routeExtension(c.route),
  };
}
