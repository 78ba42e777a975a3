import type Anthropic from '@anthropic-ai/sdk';
import type { LlmStreamPart } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  AnthropicUsageFields,
  convertAnthropicUsage,
} from './convert-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

/**
 * Turns Messages API stream events into stream parts as they arrive. One
 * instance per stream: it remembers which content block is which tool call,
 * the usage so far and the stop reason. `finished` turns true on
 * `message_stop`, the only event that yields the `finish` part.
 */
export class AnthropicStreamMapper {
  finished = false;
  private model?: string;
  private stopReason?: string | null;
  private usage: AnthropicUsageFields = {};
  private readonly toolIndexOfBlock = new Map<number, number>();

  map(event: Anthropic.RawMessageStreamEvent): LlmStreamPart[] {
    switch (event.type) {
      case 'message_start':
        this.model = event.message.model;
        this.mergeUsage(event.message.usage);
        return [];
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'tool_use') {
          const index = this.toolIndexOfBlock.size;
          this.toolIndexOfBlock.set(event.index, index);
          return [
            {
              type: 'tool-call-delta',
              index,
              id: block.id,
              name: block.name,
              argumentsDelta: '',
            },
          ];
        }
        return block.type === 'text' && block.text
          ? [{ type: 'text-delta', text: block.text }]
          : [];
      }
      case 'content_block_delta': {
        const delta = event.delta;
        if (delta.type === 'text_delta' && delta.text) {
          return [{ type: 'text-delta', text: delta.text }];
        }
        const index = this.toolIndexOfBlock.get(event.index);
        if (
          delta.type === 'input_json_delta' &&
          delta.partial_json &&
          index !== undefined
        ) {
          return [
            {
              type: 'tool-call-delta',
              index,
              argumentsDelta: delta.partial_json,
            },
          ];
        }
        return [];
      }
      case 'message_delta':
        this.stopReason = event.delta.stop_reason;
        this.mergeUsage(event.usage);
        return [];
      case 'message_stop':
        this.finished = true;
        return [
          {
            type: 'finish',
            finishReason: mapAnthropicStopReason(this.stopReason),
            usage: convertAnthropicUsage(this.usage),
            ...(this.model ? { model: this.model } : {}),
          },
        ];
      default:
        // content_block_stop and event types added later carry nothing we map.
        return [];
    }
  }

  /** message_delta repeats usage fields cumulatively; null means "unchanged". */
  private mergeUsage(usage: AnthropicUsageFields | null | undefined) {
    for (const [key, value] of Object.entries(usage ?? {})) {
      if (typeof value === 'number') {
        this.usage = { ...this.usage, [key]: value };
      }
    }
  }
}
