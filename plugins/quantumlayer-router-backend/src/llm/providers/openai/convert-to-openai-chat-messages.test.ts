import { convertToOpenAiChatMessages } from './convert-to-openai-chat-messages';
import { InvalidLlmRequestError } from '../shared/invalid-request';

describe('convertToOpenAiChatMessages', () => {
  it('converts every role, assistant tool calls and tool answers', () => {
    expect(
      convertToOpenAiChatMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is in go.mod?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'call_1', name: 'read_file', arguments: '{"path":"go.mod"}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: 'go 1.22' },
        { role: 'assistant', content: 'Go 1.22.', toolCalls: [] },
      ]),
    ).toMatchInlineSnapshot(`
      [
        {
          "content": "Be brief.",
          "role": "system",
        },
        {
          "content": "What is in go.mod?",
          "role": "user",
        },
        {
          "content": "",
          "role": "assistant",
          "tool_calls": [
            {
              "function": {
                "arguments": "{"path":"go.mod"}",
                "name": "read_file",
              },
              "id": "call_1",
              "type": "function",
            },
          ],
        },
        {
          "content": "go 1.22",
          "role": "tool",
          "tool_call_id": "call_1",
        },
        {
          "content": "Go 1.22.",
          "role": "assistant",
        },
      ]
    `);
  });

  it('refuses a tool message that answers no call', () => {
    expect(() =>
      convertToOpenAiChatMessages([
        { role: 'user', content: 'hi' },
        { role: 'tool', content: '42' },
      ]),
    ).toThrow(InvalidLlmRequestError);
  });

  it('refuses an unknown role', () => {
    expect(() =>
      convertToOpenAiChatMessages([{ role: 'developer' as any, content: 'x' }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `"messages[0] has role "developer"; use one of system, user, assistant, tool"`,
    );
  });
});
