import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

describe('mapAnthropicStopReason', () => {
  it('maps every stop reason, unknown ones to other', () => {
    const reasons = [
      'end_turn',
      'stop_sequence',
      'max_tokens',
      'model_context_window_exceeded',
      'tool_use',
      'refusal',
      'pause_turn',
      'something_new',
      null,
    ];
    expect(
      Object.fromEntries(
        reasons.map(reason => [String(reason), mapAnthropicStopReason(reason)]),
      ),
    ).toMatchInlineSnapshot(`
      {
        "end_turn": "stop",
        "max_tokens": "length",
        "model_context_window_exceeded": "length",
        "null": "other",
        "pause_turn": "other",
        "refusal": "content-filter",
        "something_new": "other",
        "stop_sequence": "stop",
        "tool_use": "tool-calls",
      }
    `);
  });
});
