import { convertToAnthropicMessages } from './convert-to-anthropic-messages';

describe('convertToAnthropicMessages', () => {
  it('moves system messages to system and keeps user text', () => {
    expect(
      convertToAnthropicMessages([
        { role: 'system', content: 'You write Go.' },
        { role: 'user', content: 'Write a handler.' },
        { role: 'system', content: 'Use the standard library only.' },
      ]),
    ).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": [
              {
                "text": "Write a handler.",
                "type": "text",
              },
            ],
            "role": "user",
          },
        ],
        "system": [
          {
            "text": "You write Go.",
            "type": "text",
          },
          {
            "text": "Use the standard library only.",
            "type": "text",
          },
        ],
      }
    `);
  });

  it('turns tool calls into tool_use and consecutive tool results into one user message', () => {
    expect(
      convertToAnthropicMessages([
        { role: 'user', content: 'Fix the tests.' },
        {
          role: 'assistant',
          content: 'Running them first.',
          toolCalls: [
            { id: 'call_1', name: 'run_tests', arguments: '' },
            { id: 'call_2', name: 'read_file', arguments: '{"path":"a.go"}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: 'FAIL' },
        { role: 'tool', toolCallId: 'call_2', content: 'package a' },
        { role: 'user', content: 'Go on.' },
      ]),
    ).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": [
              {
                "text": "Fix the tests.",
                "type": "text",
              },
            ],
            "role": "user",
          },
          {
            "content": [
              {
                "text": "Running them first.",
                "type": "text",
              },
              {
                "id": "call_1",
                "input": {},
                "name": "run_tests",
                "type": "tool_use",
              },
              {
                "id": "call_2",
                "input": {
                  "path": "a.go",
                },
                "name": "read_file",
                "type": "tool_use",
              },
            ],
            "role": "assistant",
          },
          {
            "content": [
              {
                "content": "FAIL",
                "tool_use_id": "call_1",
                "type": "tool_result",
              },
              {
                "content": "package a",
                "tool_use_id": "call_2",
                "type": "tool_result",
              },
              {
                "text": "Go on.",
                "type": "text",
              },
            ],
            "role": "user",
          },
        ],
      }
    `);
  });

  it('adds the JSON instruction last in JSON mode', () => {
    expect(
      convertToAnthropicMessages([{ role: 'user', content: 'Plan it.' }], {
        jsonMode: true,
      }).system,
    ).toMatchInlineSnapshot(`
      [
        {
          "text": "Reply with exactly one JSON object and nothing else: no prose before or after it, no Markdown code fences.",
          "type": "text",
        },
      ]
    `);
  });

  it('rejects what it cannot express', () => {
    expect(() =>
      convertToAnthropicMessages([{ role: 'tool', content: 'x' }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `"messages[0] has role "tool" but no toolCallId; set it to the id of the assistant tool call it answers"`,
    );
    expect(() =>
      convertToAnthropicMessages([
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'c', name: 'f', arguments: '"text"' }],
        },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `"tool call c (f) has arguments that are not a JSON object"`,
    );
  });
});
