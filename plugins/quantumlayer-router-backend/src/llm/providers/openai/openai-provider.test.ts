import { LlmCompletionRequest } from '@internal/backstage-plugin-quantumlayer-router-node';
import { collectStream } from '../../../__testUtils__/llm-stream';
import { useLoopbackServer } from '@internal/quantumlayer-test-utils';
import {
  API_KEY,
  codeRequest,
  providerFor,
  readFileTool,
} from '../../../__testUtils__/openai-provider-setup';
import textAnswer from './__fixtures__/openai-text.json';
import toolCallsAnswer from './__fixtures__/openai-tool-calls.json';
import toolResultAnswer from './__fixtures__/openai-tool-result.json';
import jsonAnswer from './__fixtures__/openai-json.json';

describe('createOpenAiProviderFromConfig', () => {
  const server = useLoopbackServer();

  it('sends a text completion and maps the answer', async () => {
    server.reply({ type: 'json', body: textAnswer });
    const provider = providerFor(server);
    expect(provider.id).toBe('openai');
    expect(provider.models).toEqual(['gpt-4o-mini', 'gpt-4o']);

    const result = await provider.complete({
      ...codeRequest,
      temperature: 0.2,
      maxTokens: 256,
    });

    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].method).toBe('POST');
    expect(server.calls[0].path).toBe('/v1/chat/completions');
    expect(server.calls[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.calls[0].headers['openai-organization']).toBeUndefined();
    // No model in the request: the first configured one answers.
    expect(server.calls[0].body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You write Go. Answer in fenced blocks.' },
        { role: 'user', content: 'Write Add(a, b int) int.' },
      ],
      temperature: 0.2,
      max_completion_tokens: 256,
    });
    expect(result).toEqual({
      text: textAnswer.choices[0].message.content,
      provider: 'openai',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { promptTokens: 57, completionTokens: 24 },
      finishReason: 'stop',
    });
  });

  it('sends the configured organization and honours a custom id', async () => {
    server.reply({ type: 'json', body: textAnswer });
    const provider = providerFor(server, {
      id: 'openai-eu',
      organization: 'org-test',
    });
    const result = await provider.complete({ ...codeRequest, model: 'gpt-4o' });
    expect(server.calls[0].headers['openai-organization']).toBe('org-test');
    expect(server.calls[0].body.model).toBe('gpt-4o');
    expect(result.provider).toBe('openai-eu');
  });

  it('round-trips a tool call', async () => {
    server.reply(
      { type: 'json', body: toolCallsAnswer },
      { type: 'json', body: toolResultAnswer },
    );
    const provider = providerFor(server);
    const ask: LlmCompletionRequest = {
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Which Go version does go.mod ask for?' },
      ],
      tools: [readFileTool],
      toolChoice: { name: 'read_file' },
    };

    const first = await provider.complete(ask);
    expect(server.calls[0].body).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Which Go version does go.mod ask for?' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'read_file',
            description: 'Reads a file of the repository',
            parameters: readFileTool.parameters,
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'read_file' } },
    });
    expect(first).toEqual({
      text: '',
      toolCalls: [
        {
          id: 'call_Vq3sK8dLm2XoP9wYt4ZbR1nE',
          name: 'read_file',
          arguments: '{"path":"go.mod"}',
        },
      ],
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      usage: { promptTokens: 112, completionTokens: 17 },
      finishReason: 'tool-calls',
    });

    const second = await provider.complete({
      ...ask,
      toolChoice: 'auto',
      messages: [
        ...ask.messages,
        { role: 'assistant', content: '', toolCalls: first.toolCalls },
        {
          role: 'tool',
          toolCallId: 'call_Vq3sK8dLm2XoP9wYt4ZbR1nE',
          content: 'module example.com/add\n\ngo 1.22\n',
        },
      ],
    });
    expect(server.calls[1].body.tool_choice).toBe('auto');
    expect(server.calls[1].body.messages).toEqual([
      { role: 'user', content: 'Which Go version does go.mod ask for?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'call_Vq3sK8dLm2XoP9wYt4ZbR1nE',
            type: 'function',
            function: { name: 'read_file', arguments: '{"path":"go.mod"}' },
          },
        ],
      },
      {
        role: 'tool',
        tool_call_id: 'call_Vq3sK8dLm2XoP9wYt4ZbR1nE',
        content: 'module example.com/add\n\ngo 1.22\n',
      },
    ]);
    expect(second).toMatchObject({
      text: 'The module is `example.com/add` and needs Go 1.22.',
      finishReason: 'stop',
    });
    expect(second.toolCalls).toBeUndefined();
  });

  it('asks for JSON mode and passes sampling settings through', async () => {
    server.reply({ type: 'json', body: jsonAnswer });
    const result = await providerFor(server).complete({
      messages: [{ role: 'user', content: 'List the files as JSON.' }],
      responseFormat: 'json',
      topP: 0.9,
      stop: ['\n\n\n'],
    });
    expect(server.calls[0].body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'List the files as JSON.' }],
      top_p: 0.9,
      stop: ['\n\n\n'],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(result.text)).toEqual({
      language: 'go',
      files: ['add.go', 'add_test.go'],
    });
  });

  it('fails clearly, without a request, when no model is known', async () => {
    const provider = providerFor(server, { models: undefined });
    expect(provider.models).toEqual([]);
    await expect(provider.complete(codeRequest)).rejects.toMatchObject({
      retryable: false,
      message:
        'openai cannot send this request: it names no model and none is configured; set the request\'s model, or list models for provider "openai" in quantumlayer.llm.providers',
    });
    const { error } = await collectStream(provider.stream(codeRequest));
    expect(error).toMatchObject({ retryable: false });
    expect(server.calls).toHaveLength(0);
  });

  it('rejects a tool message without toolCallId before sending', async () => {
    await expect(
      providerFor(server).complete({
        messages: [{ role: 'tool', content: '42' }],
      }),
    ).rejects.toMatchObject({
      retryable: false,
      message:
        'openai cannot send this request: messages[0] has role "tool" but no toolCallId; set it to the id of the assistant tool call it answers',
    });
    expect(server.calls).toHaveLength(0);
  });
});
