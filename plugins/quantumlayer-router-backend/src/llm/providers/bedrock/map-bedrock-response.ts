import type { ConverseResponse } from '@aws-sdk/client-bedrock-runtime';
import type {
  LlmCompletion,
  LlmToolCall,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { convertBedrockUsage } from './convert-bedrock-usage';
import { mapBedrockStopReason } from './map-bedrock-stop-reason';

/**
 * Maps a Converse answer; text blocks are joined, toolUse blocks become tool
 * calls. Converse does not name the model, so the model asked for is reported.
 */
export function mapBedrockResponse(
  provider: string,
  model: string,
  response: Pick<ConverseResponse, 'output' | 'stopReason' | 'usage'>,
): LlmCompletion {
  let text = '';
  const toolCalls: LlmToolCall[] = [];
  for (const block of response.output?.message?.content ?? []) {
    if (block.text !== undefined) text += block.text;
    else if (block.toolUse) {
      toolCalls.push({
        id: block.toolUse.toolUseId ?? '',
        name: block.toolUse.name ?? '',
        arguments: JSON.stringify(block.toolUse.input ?? {}),
      });
    }
  }
  return {
    text,
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    provider,
    model,
    usage: convertBedrockUsage(response.usage),
    finishReason: mapBedrockStopReason(response.stopReason),
  };
}
