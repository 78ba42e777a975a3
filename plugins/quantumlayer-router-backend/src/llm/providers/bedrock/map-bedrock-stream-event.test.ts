import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { BedrockStreamMapper } from './map-bedrock-stream-event';

describe('BedrockStreamMapper', () => {
  it('numbers tool calls by position and finishes on metadata after messageStop', () => {
    const mapper = new BedrockStreamMapper('amazon.nova-pro-v1:0');
    const events = [
      { messageStart: { role: 'assistant' } },
      {
        contentBlockStart: {
          contentBlockIndex: 1,
          start: { toolUse: { toolUseId: 'a', name: 'f' } },
        },
      },
      {
        contentBlockStart: {
          contentBlockIndex: 2,
          start: { toolUse: { toolUseId: 'b', name: 'g' } },
        },
      },
      {
        contentBlockDelta: {
          contentBlockIndex: 2,
          delta: { toolUse: { input: '{}' } },
        },
      },
      { messageStop: { stopReason: 'tool_use' } },
      {
        metadata: {
          usage: {
            inputTokens: 10,
            cacheWriteInputTokens: 4,
            outputTokens: 7,
            totalTokens: 21,
          },
        },
      },
    ] as ConverseStreamOutput[];

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
          "model": "amazon.nova-pro-v1:0",
          "type": "finish",
          "usage": {
            "completionTokens": 7,
            "promptTokens": 14,
          },
        },
      ]
    `);
    expect(mapper.finished).toBe(true);
    expect(mapper.end()).toEqual([]);
  });

  it('reports a cut stream from end() when messageStop never came', () => {
    const mapper = new BedrockStreamMapper('m');
    mapper.map({
      contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'hi' } },
    });
    expect(mapper.end()).toBeUndefined();
  });
});
