import type Anthropic from '@anthropic-ai/sdk';
import { AnthropicStreamMapper } from './map-anthropic-stream-event';

describe('AnthropicStreamMapper', () => {
  it('numbers tool calls by position and takes usage from message_start and message_delta', () => {
    const mapper = new AnthropicStreamMapper();
    const events = [
      {
        type: 'message_start',
        message: {
          model: 'claude-sonnet-5-5',
          usage: {
            input_tokens: 10,
            cache_read_input_tokens: 5,
            output_tokens: 1,
          },
        },
      },
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'a', name: 'f', input: {} },
      },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'b', name: 'g', input: {} },
      },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{}' },
      },
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use' },
        usage: { input_tokens: null, output_tokens: 7 },
      },
      { type: 'message_stop' },
    ] as unknown as Anthropic.RawMessageStreamEvent[];

    expect(events.flatMap(event => mapper.map(event))).toMatchInlineSnapshot(`
      [
        {
          "argumentsDelta": "",
          "id": "a",
          "index": 0,
          "name": "f",
          "type": "tool-call-delta",
        },
        {
          "argumentsDelta": "",
          "id": "b",
          "index": 1,
          "name": "g",
          "type": "tool-call-delta",
        },
        {
          "argumentsDelta": "{}",
          "index": 1,
          "type": "tool-call-delta",
        },
        {
          "finishReason": "tool-calls",
          "model": "claude-sonnet-5-5",
          "type": "finish",
          "usage": {
            "completionTokens": 7,
            "promptTokens": 15,
          },
        },
      ]
    `);
    expect(mapper.finished).toBe(true);
  });
});
