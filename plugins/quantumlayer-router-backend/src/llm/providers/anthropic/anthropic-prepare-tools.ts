import type Anthropic from '@anthropic-ai/sdk';
import type {
  LlmToolChoice,
  LlmToolDefinition,
} from '@internal/backstage-plugin-quantumlayer-router-node';

/** The `tools` and `tool_choice` fields of a Messages API request. */
export interface AnthropicToolFields {
  tools?: Anthropic.Tool[];
  tool_choice?: Anthropic.ToolChoice;
}

/**
 * Function tools become `tools[].input_schema`; `required` is Anthropic's
 * `any`. Without tools a tool choice means nothing and is left out.
 */
export function prepareAnthropicTools(
  tools: LlmToolDefinition[] | undefined,
  toolChoice: LlmToolChoice | undefined,
): AnthropicToolFields {
  if (!tools || tools.length === 0) return {};
  return {
    tools: tools.map(tool => ({
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      input_schema: {
        type: 'object',
        ...tool.parameters,
      } as Anthropic.Tool.InputSchema,
    })),
    ...(toolChoice ? { tool_choice: mapToolChoice(toolChoice) } : {}),
  };
}

function mapToolChoice(choice: LlmToolChoice): Anthropic.ToolChoice {
  switch (choice) {
    case 'auto':
      return { type: 'auto' };
    case 'required':
      return { type: 'any' };
    case 'none':
      return { type: 'none' };
    default:
      return { type: 'tool', name: choice.name };
  }
}
