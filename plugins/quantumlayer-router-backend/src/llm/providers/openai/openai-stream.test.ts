import { convertOpenAiChatChunk } from './openai-stream';

describe('convertOpenAiChatChunk', () => {
  it('drops the empty opening delta', () => {
    expect(
      convertOpenAiChatChunk({
        model: 'gpt-4o-mini',
        choices: [{ index: 0, delta: { content: '' }, finish_reason: null }],
        usage: null,
      }),
    ).toMatchInlineSnapshot(`
      {
        "model": "gpt-4o-mini",
        "parts": [],
      }
    `);
  });

  it('converts text and tool-call deltas in wire order', () => {
    expect(
      convertOpenAiChatChunk({
        choices: [
          {
            index: 0,
            delta: {
              content: 'Reading',
              tool_calls: [
                {
                  index: 0,
                  id: 'call_1',
                  function: { name: 'read_file', arguments: '' },
                },
                { index: 1, function: { arguments: '{"path"' } },
              ],
            },
          },
        ],
      }),
    ).toMatchInlineSnapshot(`
      {
        "parts": [
          {
            "text": "Reading",
            "type": "text-delta",
          },
          {
            "argumentsDelta": "",
            "id": "call_1",
            "index": 0,
            "name": "read_file",
            "type": "tool-call-delta",
          },
          {
            "argumentsDelta": "{"path"",
            "index": 1,
            "type": "tool-call-delta",
          },
        ],
      }
    `);
  });

  it('reads the finish reason and the final usage chunk, Groq style too', () => {
    expect([
      convertOpenAiChatChunk({
        choices: [{ index: 0, delta: {}, finish_reason: 'length' }],
      }),
      convertOpenAiChatChunk({
        model: 'gpt-4o-mini',
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 4 },
      }),
      convertOpenAiChatChunk({
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        x_groq: { usage: { prompt_tokens: 5, completion_tokens: 6 } },
      }),
      // Azure's opening chunk: prompt filter results, no choices, empty model.
      convertOpenAiChatChunk({ model: '', choices: [] }),
    ]).toMatchInlineSnapshot(`
      [
        {
          "finishReason": "length",
          "parts": [],
        },
        {
          "model": "gpt-4o-mini",
          "parts": [],
          "usage": {
            "completionTokens": 4,
            "promptTokens": 3,
          },
        },
        {
          "finishReason": "stop",
          "parts": [],
          "usage": {
            "completionTokens": 6,
            "promptTokens": 5,
          },
        },
        {
          "parts": [],
        },
      ]
    `);
  });

  it('numbers calls by position when the server sends no index', () => {
    // Older Ollama versions stream whole calls without `index`.
    expect(
      convertOpenAiChatChunk({
        choices: [
          {
            delta: {
              tool_calls: [
                { id: 'call_a', function: { name: 'a', arguments: '{}' } },
                { id: 'call_b', function: { name: 'b', arguments: '{}' } },
              ],
            },
          },
        ],
      }).parts.map(part => part.type === 'tool-call-delta' && part.index),
    ).toEqual([0, 1]);
  });

  it('only reads the first choice', () => {
    expect(
      convertOpenAiChatChunk({
        choices: [
          { index: 1, delta: { content: 'second' } },
          { index: 0, delta: { content: 'first' } },
        ],
      }).parts,
    ).toEqual([{ type: 'text-delta', text: 'first' }]);
  });
});
