import type {
  ConverseStreamOutput,
  TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import type { LlmStreamPart } from '@internal/backstage-plugin-quantumlayer-router-node';
import { convertBedrockUsage } from './convert-bedrock-usage';
import { mapBedrockStopReason } from './map-bedrock-stop-reason';

/**
 * Turns ConverseStream events into stream parts as they arrive. One instance
 * per stream. Bedrock sends `messageStop` (the stop reason) before `metadata`
 * (the usage), so the `finish` part goes out with the metadata, or from
 * `end()` when the stream closes after `messageStop` without metadata.
 */
export class BedrockStreamMapper {
  finished = false;
  private stopReason?: string;
  private stopped = false;
  private readonly toolIndexOfBlock = new Map<number, number>();

  constructor(private readonly model: string) {}

  map(event: ConverseStreamOutput): LlmStreamPart[] {
    if (event.contentBlockStart?.start?.toolUse) {
      const { toolUseId, name } = event.contentBlockStart.start.toolUse;
      const index = this.toolIndex(event.contentBlockStart.contentBlockIndex);
      return [
        {
          type: 'tool-call-delta',
          index,
          ...(toolUseId ? { id: toolUseId } : {}),
          ...(name ? { name } : {}),
          argumentsDelta: '',
        },
      ];
    }
    const delta = event.contentBlockDelta?.delta;
    if (delta?.text) return [{ type: 'text-delta', text: delta.text }];
    if (delta?.toolUse?.input) {
      const index = this.toolIndex(event.contentBlockDelta?.contentBlockIndex);
      return [
        { type: 'tool-call-delta', index, argumentsDelta: delta.toolUse.input },
      ];
    }
    if (event.messageStop) {
      this.stopped = true;
      this.stopReason = event.messageStop.stopReason;
      return [];
    }
    if (event.metadata && this.stopped && !this.finished) {
      return [this.finish(event.metadata.usage)];
    }
    // messageStart, contentBlockStop and event types added later carry nothing we map.
    return [];
  }

  /** Parts still owed when the stream closes; undefined when it was cut. */
  end(): LlmStreamPart[] | undefined {
    if (!this.stopped) return undefined;
    return this.finished ? [] : [this.finish(undefined)];
  }

  private finish(usage: TokenUsage | undefined): LlmStreamPart {
    this.finished = true;
    return {
      type: 'finish',
      finishReason: mapBedrockStopReason(this.stopReason),
      ...(usage ? { usage: convertBedrockUsage(usage) } : {}),
      model: this.model,
    };
  }

  private toolIndex(block: number | undefined): number {
    const key = block ?? -1;
    let index = this.toolIndexOfBlock.get(key);
    if (index === undefined) {
      index = this.toolIndexOfBlock.size;
      this.toolIndexOfBlock.set(key, index);
    }
    return index;
  }
}
