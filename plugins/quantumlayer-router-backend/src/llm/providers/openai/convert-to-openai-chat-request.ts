import type { LlmCompletionRequest } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { convertToOpenAiChatMessages } from './convert-to-openai-chat-messages';
import { prepareOpenAiTools } from './openai-prepare-tools';

/** Which body field carries the caller's `maxTokens`. */
export type OpenAiMaxTokensParameter = 'max_tokens' | 'max_completion_tokens';

/** The request body without `stream`, holding only the fields the caller set. */
export type OpenAiChatRequestBody = Omit<
  ChatCompletionCreateParamsBase,
  'stream' | 'stream_options'
>;

/**
 * Builds a chat-completions body. `model` is the name sent on the wire (for
 * Azure, the deployment). `metadata` and `abortSignal` are not body fields.
 */
export function convertToOpenAiChatRequest(
  request: LlmCompletionRequest,
  options: { model: string; maxTokensParameter: OpenAiMaxTokensParameter },
): OpenAiChatRequestBody {
  return {
    model: options.model,
    messages: convertToOpenAiChatMessages(request.messages),
    ...(request.temperature !== undefined
      ? { temperature: request.temperature }
      : {}),
    ...(request.topP !== undefined ? { top_p: request.topP } : {}),
    ...(request.maxTokens !== undefined
      ? { [options.maxTokensParameter]: request.maxTokens }
      : {}),
    ...(request.stop?.length ? { stop: [...request.stop] } : {}),
    ...prepareOpenAiTools(request.tools, request.toolChoice),
    ...(request.responseFormat === 'json'
      ? { response_format: { type: 'json_object' as const } }
      : {}),
  };
}
