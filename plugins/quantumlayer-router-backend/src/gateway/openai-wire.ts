import type { OpenAiChatRequest } from '@internal/backstage-plugin-quantumlayer-common';
import type {
  LlmCompletionRequest,
  LlmFinishReason,
  LlmMessage,
  RoutedCompletion,
  RouteInfo,
} from '@internal/backstage-plugin-quantumlayer-router-node';

/** A message's content: a string, text parts, or nothing. */
type Content = OpenAiChatRequest['messages'][number]['content'];

function text(value: Content): string {
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
