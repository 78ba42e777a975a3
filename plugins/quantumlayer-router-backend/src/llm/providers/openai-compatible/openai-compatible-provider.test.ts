import { ConfigReader } from '@backstage/config';
import {
  collectStream,
  recordedStream,
  textDeltas,
} from '../../../__testUtils__/llm-stream';
import { useLoopbackServer } from '@internal/quantumlayer-test-utils';
import { createOpenAiCompatibleProviderFromConfig } from './openai-compatible-provider';
import vllmAnswer from './__fixtures__/vllm-text.json';

const ollamaStream = recordedStream(__dirname, 'ollama-text.chunks.txt');

const request = {
  messages: [{ role: 'user' as const, content: 'Write add in Python.' }],
  temperature: 0,
};

const ollamaParts = textDeltas(
  'def',
  ' add',
  '(a',
  ',',
  ' b',
  ')',
  ' ->',
  ' int',
  ':',
);

describe('createOpenAiCompatibleProviderFromConfig', () => {
  const server = useLoopbackServer();

  it('sends a completion to a keyed vLLM server and maps the answer', async () => {
    server.reply({ type: 'json', body: vllmAnswer });
    const provider = createOpenAiCompatibleProviderFromConfig(
      new ConfigReader({
        type: 'openai-compatible',
        id: 'vllm',
        baseUrl: `${server.url}/v1`,
        apiKey: 'vllm-token-123',
        models: ['Qwen/Qwen2.5-Coder-7B-Instruct'],
      }),
    );
    expect(provider.id).toBe('vllm');

    const result = await provider.complete(request);

    expect(server.calls[0].path).toBe('/v1/chat/completions');
    expect(server.calls[0].headers.authorization).toBe('Bearer vllm-token-123');
    expect(server.calls[0].body).toEqual({
      model: 'Qwen/Qwen2.5-Coder-7B-Instruct',
      messages: request.messages,
      temperature: 0,
    });
    // vLLM answers `tool_calls: []` on plain text: no toolCalls in the result.
    expect(result).toEqual({
      text: vllmAnswer.choices[0].message.content,
      provider: 'vllm',
      model: 'Qwen/Qwen2.5-Coder-7B-Instruct',
      usage: { promptTokens: 44, completionTokens: 29 },
      finishReason: 'stop',
    });
  });

  it('streams from a keyless Ollama server without an authorization header', async () => {
    server.reply({ type: 'sse', body: ollamaStream });
    const provider = createOpenAiCompatibleProviderFromConfig(
      new ConfigReader({
        type: 'openai-compatible',
        baseUrl: `${server.url}/v1/`,
        // The deprecated single model still works.
        model: 'qwen2.5-coder:7b',
      }),
    );
    expect(provider.id).toBe('openai-compatible');
    expect(provider.models).toEqual(['qwen2.5-coder:7b']);

    const { parts, error } = await collectStream(provider.stream(request));

    expect(error).toBeUndefined();
    expect(server.calls[0].path).toBe('/v1/chat/completions');
    expect(server.calls[0].headers).not.toHaveProperty('authorization');
    expect(server.calls[0].body).toEqual({
      model: 'qwen2.5-coder:7b',
      messages: request.messages,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(parts).toEqual([
      ...ollamaParts,
      {
        type: 'finish',
        finishReason: 'stop',
        usage: { promptTokens: 31, completionTokens: 9 },
        model: 'qwen2.5-coder:7b',
      },
    ]);
  });

  it('leaves out stream_options when the server rejects them', async () => {
    // The same server, recorded without the usage chunk it was not asked for.
    const withoutUsage = ollamaStream.replace(
      /data: \{[^\n]*"choices":\[\],[^\n]*\n\n/,
      '',
    );
    server.reply({ type: 'sse', body: withoutUsage });
    const provider = createOpenAiCompatibleProviderFromConfig(
      new ConfigReader({
        type: 'openai-compatible',
        baseUrl: `${server.url}/v1`,
        models: ['qwen2.5-coder:7b'],
        streamUsage: false,
      }),
    );
    const { parts, error } = await collectStream(provider.stream(request));
    expect(error).toBeUndefined();
    expect(server.calls[0].body).not.toHaveProperty('stream_options');
    expect(server.calls[0].body.stream).toBe(true);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      model: 'qwen2.5-coder:7b',
    });
  });
});
