import { convertOpenAiChatResponse } from './convert-openai-chat-response';

describe('convertOpenAiChatResponse', () => {
  it('maps text, tool calls, usage and the finish reason', () => {
    expect(
      convertOpenAiChatResponse(
        {
          model: 'gpt-4o-2024-08-06',
          choices: [
            {
              message: {
                content: null,
                tool_calls: [
                  {
                    id: 'call_1',
                    type: 'function',
                    function: { name: 'read_file', arguments: '{}' },
                  },
                  // Some servers leave out type and id.
                  { function: { name: 'list', arguments: null } },
                ],
              },
              finish_reason: 'tool_calls',
            },
          ],

          usage: { prompt_tokens: 10, completion_tokens: 5 },
        },
        { provider: 'openai', requestedModel: 'gpt-4o' },
      ),
    ).toMatchInlineSnapshot(`
      {
        "finishReason": "tool-calls",
        "model": "gpt-4o-2024-08-06",
        "provider": "openai",
        "text": "",
        "toolCalls": [
          {
            "arguments": "{}",
            "id": "call_1",
            "name": "read_file",
          },
          {
            "arguments": "",
            "id": "call_1",
            "name": "list",
          },
        ],
        "usage": {
          "completionTokens": 5,
          "promptTokens": 10,
        },
      }
    `);
  });

  it('falls back to the requested model and zero usage', () => {
    expect(
      convertOpenAiChatResponse(
        {
          model: '',
          choices: [
            {
              message: { content: 'ok', tool_calls: [] },
              finish_reason: 'eos',
            },
          ],
        },
        { provider: 'vllm', requestedModel: 'qwen' },
      ),
    ).toMatchInlineSnapshot(`
      {
        "finishReason": "other",
        "model": "qwen",
        "provider": "vllm",
        "text": "ok",
        "usage": {
          "completionTokens": 0,
          "promptTokens": 0,
        },
      }
    `);
  });
});
