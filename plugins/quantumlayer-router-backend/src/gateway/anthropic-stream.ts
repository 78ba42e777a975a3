import type {
  LlmStreamPart,
  RouteInfo,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { routeExtension } from './openai-wire';
import { anthropicStopReason } from './anthropic-wire';

/** One server-sent event: its name and JSON data. */
export type SseEvent = [event: string | undefined, data: object];

/**
 * Turns router stream parts into Anthropic Messages stream events. Text and
 * each tool call get their own content block; a block closes when the next
 * one opens or the message ends.
 */
export class AnthropicEventWriter {
  private open?: { key: string; index: number };
  private nextIndex = 0;

  constructor(private readonly id: string, private readonly route: RouteInfo) {}

  /** `message_start`, sent before the first part. */
  start(): SseEvent[] {
    return [
      [
        'message_start',
        {
          type: 'message_start',
          message: {
            id: this.id,
            type: 'message',
            role: 'assistant',
            model: this.route.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 0, output_tokens: 0 },
          },
        },
      ],
    ];
  }

  private block(key: string, contentBlock: () => object): SseEvent[] {
    if (this.open?.key === key) return [];
    const events = this.close();
    this.open = { key, index: this.nextIndex++ };
    events.push([
      'content_block_start',
      {
        type: 'content_block_start',
        index: this.open.index,
        content_block: contentBlock(),
      },
    ]);
    return events;
  }

  private close(): SseEvent[] {
    if (!this.open) return [];
    const index = this.open.index;
    this.open = undefined;
    return [['content_block_stop', { type: 'content_block_stop', index }]];
  }

  events(part: LlmStreamPart): SseEvent[] {
    switch (part.type) {
      case 'text-delta': {
        const events = this.block('text', () => ({ type: 'text', text: '' }));
        events.push([
          'content_block_delta',
          {
            type: 'content_block_delta',
            index: this.open!.index,
            delta: { type: 'text_delta', text: part.text },
          },
        ]);
        return events;
      }
      case 'tool-call-delta': {
        const events = this.block(`tool:${part.index}`, () => ({
          type: 'tool_use',
          id: part.id ?? `toolu_${part.index}`,
          name: part.name ?? '',
          input: {},
        }));
        if (part.argumentsDelta) {
          events.push([
            'content_block_delta',
            {
              type: 'content_block_delta',
              index: this.open!.index,
              delta: {
                type: 'input_json_delta',
                partial_json: part.argumentsDelta,
              },
            },
          ]);
        }
        return events;
      }
      case 'finish': {
        const events = this.close();
        const usage = part.usage ?? { promptTokens: 0, completionTokens: 0 };
        events.push(
          [
            'message_delta',
            {
              type: 'message_delta',
              delta: {
                stop_reason: anthropicStopReason(part.finishReason),
                stop_sequence: null,
              },
              usage: {
                input_tokens: usage.promptTokens,
                output_tokens: usage.completionTokens,
              },
              x_quantumlayer: routeExtension(this.route),
            },
          ],
          ['message_stop', { type: 'message_stop' }],
        );
        return events;
      }
      default:
        return [];
    }
  }
}
