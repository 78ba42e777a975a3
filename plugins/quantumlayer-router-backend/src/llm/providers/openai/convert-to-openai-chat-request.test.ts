import { convertToOpenAiChatRequest } from './convert-to-openai-chat-request';
import { templateTaskMetadata } from '@internal/backstage-plugin-quantumlayer-common';

describe('convertToOpenAiChatRequest', () => {
  it('holds only the model and messages when nothing else is set', () => {
    expect(
      convertToOpenAiChatRequest(
        {
          messages: [{ role: 'user', content: 'hi' }],
          responseFormat: 'text',
          stop: [],
          abortSignal: new AbortController().signal,
          metadata: templateTaskMetadata({
            kind: 'code',
            language: 'go',
            type: 'function',
            projectName: 'Demo',
            prompt: 'hi',
          }),
        },
        { model: 'gpt-4o-mini', maxTokensParameter: 'max_tokens' },
      ),
    ).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "hi",
            "role": "user",
          },
        ],
        "model": "gpt-4o-mini",
      }
    `);
  });

  it('maps every setting, max tokens under the configured field', () => {
    expect(
      convertToOpenAiChatRequest(
        {
          model: 'gpt-4o',
          messages: [{ role: 'user', content: 'hi' }],
          temperature: 0,
          topP: 0.5,
          maxTokens: 100,
          stop: ['END'],
          tools: [{ name: 'noop', parameters: { type: 'object' } }],
          toolChoice: 'required',
          responseFormat: 'json',
        },
        { model: 'my-deployment', maxTokensParameter: 'max_completion_tokens' },
      ),
    ).toMatchInlineSnapshot(`
      {
        "max_completion_tokens": 100,
        "messages": [
          {
            "content": "hi",
            "role": "user",
          },
        ],
        "model": "my-deployment",
        "response_format": {
          "type": "json_object",
        },
        "stop": [
          "END",
        ],
        "temperature": 0,
        "tool_choice": "required",
        "tools": [
          {
            "function": {
              "name": "noop",
              "parameters": {
                "type": "object",
              },
            },
            "type": "function",
          },
        ],
        "top_p": 0.5,
      }
    `);
  });
});
