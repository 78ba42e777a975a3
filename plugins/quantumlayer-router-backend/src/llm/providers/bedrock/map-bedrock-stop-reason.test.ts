import { mapBedrockStopReason } from './map-bedrock-stop-reason';

describe('mapBedrockStopReason', () => {
  it('maps every stop reason, unknown ones to other', () => {
    const reasons = [
      'end_turn',
      'stop_sequence',
      'max_tokens',
      'model_context_window_exceeded',
      'tool_use',
      'content_filtered',
      'guardrail_intervened',
      'malformed_tool_use',
      undefined,
    ];
    expect(
      Object.fromEntries(
        reasons.map(reason => [String(reason), mapBedrockStopReason(reason)]),
      ),
    ).toMatchInlineSnapshot(`
      {
        "content_filtered": "content-filter",
        "end_turn": "stop",
        "guardrail_intervened": "content-filter",
        "malformed_tool_use": "other",
        "max_tokens": "length",
        "model_context_window_exceeded": "length",
        "stop_sequence": "stop",
        "tool_use": "tool-calls",
        "undefined": "other",
      }
    `);
  });
});
