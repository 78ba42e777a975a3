import { convertToBedrockMessages } from './convert-to-bedrock-messages';

describe('convertToBedrockMessages', () => {
  it('moves system messages to system blocks and merges consecutive user turns', () => {
    expect(
      convertToBedrockMessages([
        { role: 'system', content: 'You write Go.' },
        { role: 'user', content: 'Write a handler.' },
        { role: 'user', content: 'Use net/http.' },
      ]),
    ).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": [
              {
                "text": "Write a handler.",
              },
              {
                "text": "Use net/http.",
              },
            ],
            "role": "user",
          },
        ],
        "system": [
          {
            "text": "You write Go.",
          },
        ],
      }
    `);
  });

  it('turns tool calls into toolUse and tool results into toolResult blocks', () => {
    expect(
      convertToBedrockMessages([
        { role: 'user', content: 'Fix the tests.' },
        {
          role: 'assistant',
          content: 'Running them first.',
          toolCalls: [{ id: 'call_1', name: 'run_tests', arguments: '' }],
        },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'call_2', name: 'read_file', arguments: '{"path":"a.go"}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: 'FAIL' },
        { role: 'tool', toolCallId: 'call_2', content: 'package a' },
      ]),
    ).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": [
              {
                "text": "Fix the tests.",
              },
            ],
            "role": "user",
          },
          {
            "content": [
              {
                "text": "Running them first.",
              },
              {
                "toolUse": {
                  "input": {},
                  "name": "run_tests",
                  "toolUseId": "call_1",
                },
              },
              {
                "toolUse": {
                  "input": {
                    "path": "a.go",
                  },
                  "name": "read_file",
                  "toolUseId": "call_2",
                },
              },
            ],
            "role": "assistant",
          },
          {
            "content": [
              {
                "toolResult": {
                  "content": [
                    {
                      "text": "FAIL",
                    },
                  ],
                  "toolUseId": "call_1",
                },
              },
              {
                "toolResult": {
                  "content": [
                    {
                      "text": "package a",
                    },
                  ],
                  "toolUseId": "call_2",
                },
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
      convertToBedrockMessages(
        [
          { role: 'system', content: 'Plan projects.' },
          { role: 'user', content: 'Plan it.' },
        ],

        { jsonMode: true },
      ).system,
    ).toMatchInlineSnapshot(`
      [
        {
          "text": "Plan projects.",
        },
        {
          "text": "Reply with exactly one JSON object and nothing else: no prose before or after it, no Markdown code fences.",
        },
      ]
    `);
  });

  it('rejects what it cannot express', () => {
    expect(() =>
      convertToBedrockMessages([{ role: 'tool', content: 'x' }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `"messages[0] has role "tool" but no toolCallId; set it to the id of the assistant tool call it answers"`,
    );
    expect(() =>
      convertToBedrockMessages([
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'c', name: 'f', arguments: '{"a":' }],
        },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `"tool call c (f) has arguments that are not valid JSON"`,
    );
  });
});
