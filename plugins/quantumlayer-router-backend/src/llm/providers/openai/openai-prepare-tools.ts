import type {
  LlmToolChoice,
  LlmToolDefinition,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type {
  ChatCompletionFunctionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';

/** The `tools` and `tool_choice` fields of a request, only when set. */
export interface OpenAiPreparedTools {
  tools?: ChatCompletionFunctionTool[];
  tool_choice?: ChatCompletionToolChoiceOption;
}

/**
 * Converts tool definitions and the tool choice. Without tools nothing is
 * sent: the API rejects `tool_choice` on a request that has no tools.
 */
export function prepareOpenAiTools(
  tools: readonly LlmToolDefinition[] | undefined,
  toolChoice: LlmToolChoice | undefined,
): OpenAiPreparedTools {
  if (!tools?.length) return {};
  return {
    tools: tools.map(tool => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined
          ? { description: tool.description }
          : {}),
        parameters: tool.parameters,
      },
    })),
    ...(toolChoice === undefined
      ? {}
      : {
          tool_choice:
            typeof toolChoice === 'string'
              ? toolChoice
              : { type: 'function', function: { name: toolChoice.name } },
        }),
  };
}
