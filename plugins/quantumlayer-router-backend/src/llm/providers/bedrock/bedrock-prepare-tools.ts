import type {
  Tool,
  ToolChoice,
  ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import type {
  LlmToolChoice,
  LlmToolDefinition,
} from '@internal/backstage-plugin-quantumlayer-router-node';

/**
 * Function tools become `toolConfig.tools[].toolSpec` with the JSON Schema in
 * `inputSchema.json`; `required` is Converse's `any`. Converse has no `none`
 * choice, so `none` sends no tools at all (as upstream's adapter does).
 * Without tools a tool choice means nothing and is left out.
 */
export function prepareBedrockTools(
  tools: LlmToolDefinition[] | undefined,
  toolChoice: LlmToolChoice | undefined,
): ToolConfiguration | undefined {
  if (!tools || tools.length === 0 || toolChoice === 'none') return undefined;
  const specs: Tool[] = tools.map(tool => ({
    toolSpec: {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      inputSchema: { json: tool.parameters as ToolInputJson },
    },
  }));
  return {
    tools: specs,
    ...(toolChoice ? { toolChoice: mapToolChoice(toolChoice) } : {}),
  };
}

type ToolInputJson = NonNullable<
  NonNullable<NonNullable<Tool['toolSpec']>['inputSchema']>['json']
>;

function mapToolChoice(choice: Exclude<LlmToolChoice, 'none'>): ToolChoice {
  switch (choice) {
    case 'auto':
      return { auto: {} };
    case 'required':
      return { any: {} };
    default:
      return { tool: { name: choice.name } };
  }
}
