import { mapOpenAiFinishReason } from './map-openai-finish-reason';

describe('mapOpenAiFinishReason', () => {
  it('maps every documented reason and turns the rest into other', () => {
    const reasons = [
      'stop',
      'length',
      'tool_calls',
      'function_call',
      'content_filter',
      'eos',
      null,
      undefined,
    ];
    expect(
      Object.fromEntries(
        reasons.map(reason => [String(reason), mapOpenAiFinishReason(reason)]),
      ),
    ).toMatchInlineSnapshot(`
      {
        "content_filter": "content-filter",
        "eos": "other",
        "function_call": "tool-calls",
        "length": "length",
        "null": "other",
        "stop": "stop",
        "tool_calls": "tool-calls",
        "undefined": "other",
      }
    `);
  });
});
