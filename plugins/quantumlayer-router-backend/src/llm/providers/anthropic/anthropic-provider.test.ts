import { ConfigReader } from '@backstage/config';
import {
  API_KEY,
  hello,
  providerFor,
} from '../../../__testUtils__/anthropic-provider-setup';
import { useLoopbackServer } from '@internal/quantumlayer-test-utils';
import { JSON_MODE_INSTRUCTION } from '../shared/json-mode';
import { createAnthropicProviderFromConfig } from './anthropic-provider';
import textAnswer from './__fixtures__/anthropic-text.json';
import toolUseAnswer from './__fixtures__/anthropic-tool-use.json';
import jsonAnswer from './__fixtures__/anthropic-json.json';

describe('AnthropicProvider', () => {
  const server = useLoopbackServer();

  it('sends a text completion through the SDK and maps the answer', async () => {
    server.reply({ type: 'json', body: textAnswer });
    const provider = providerFor(server, { defaultMaxTokens: 1024 });

    const result = await provider.complete({
      messages: [
        { role: 'system', content: 'You write Python.' },
        { role: 'user', content: 'Write word_count(text).' },
      ],
      temperature: 0.2,
      topP: 0.9,
      stop: ['<END>'],
    });

    expect(server.calls).toHaveLength(1);
    const call = server.calls[0];
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/v1/messages');
    expect(call.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(call.headers['anthropic-version']).toBe('2026-10-21');
    // temperature and topP are not sent: API version 2026-10-21 rejects them.
    expect(call.body).toEqual({
      model: 'claude-sonnet-5-5',
      max_tokens: 1024,
      system: [{ type: 'text', text: 'You write Python.' }],
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'Write word_count(text).' }],
        },
      ],
      stop_sequences: ['<END>'],
      stream: false,
    });
    expect(result).toEqual({
      text: textAnswer.content[0].text,
      provider: 'anthropic',
      model: 'claude-sonnet-5-5',
      usage: { promptTokens: 38, completionTokens: 31 },
      finishReason: 'stop',
    });
  });

  it('sends tools and prior tool results, and maps the tool calls it gets back', async () => {
    server.reply({ type: 'json', body: toolUseAnswer });
    const provider = providerFor(server, { id: 'claude' });

    const result = await provider.complete({
      model: 'claude-haiku-4-5',
      maxTokens: 512,
      messages: [
        { role: 'user', content: 'Fix the failing tests.' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'toolu_a', name: 'run_tests', arguments: '{}' },
            {
              id: 'toolu_b',
              name: 'read_file',
              arguments: '{"path":"word_count.py"}',
            },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_a', content: '1 failed' },
        { role: 'tool', toolCallId: 'toolu_b', content: 'def word_count…' },
      ],
      tools: [
        {
          name: 'read_file',
          description: 'Read a file of the project',
          parameters: {
            type: 'object',
            properties: { path: { type: 'string' } },
            required: ['path'],
          },
        },
        { name: 'run_tests', parameters: { type: 'object', properties: {} } },
      ],
      toolChoice: 'auto',
    });

    expect(server.calls[0].body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 512,
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'Fix the failing tests.' }],
        },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_a', name: 'run_tests', input: {} },
            {
              type: 'tool_use',
              id: 'toolu_b',
              name: 'read_file',
              input: { path: 'word_count.py' },
            },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_a',
              content: '1 failed',
            },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_b',
              content: 'def word_count…',
            },
          ],
        },
      ],
      tools: [
        {
          name: 'read_file',
          description: 'Read a file of the project',
          input_schema: {
            type: 'object',
            properties: { path: { type: 'string' } },
            required: ['path'],
          },
        },
        {
          name: 'run_tests',
          input_schema: { type: 'object', properties: {} },
        },
      ],
      tool_choice: { type: 'auto' },
      stream: false,
    });
    expect(result).toEqual({
      text: 'The tests fail in word_count.py; I will read the test file next.',
      toolCalls: [
        {
          id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
          name: 'read_file',
          arguments: '{"path":"tests/test_word_count.py"}',
        },
      ],
      provider: 'claude',
      // the vendor names the exact model that answered
      model: 'claude-haiku-4-5-20251001',
      // 512 uncached + 128 read from the prompt cache
      usage: { promptTokens: 640, completionTokens: 74 },
      finishReason: 'tool-calls',
    });
  });

  it('asks for one JSON object with a system instruction in JSON mode', async () => {
    server.reply({ type: 'json', body: jsonAnswer });
    const provider = providerFor(server);

    const result = await provider.complete({
      messages: [
        { role: 'system', content: 'You plan projects.' },
        { role: 'user', content: 'Plan word_count.' },
      ],
      responseFormat: 'json',
    });

    expect(server.calls[0].body.system).toEqual([
      { type: 'text', text: 'You plan projects.' },
      { type: 'text', text: JSON_MODE_INSTRUCTION },
    ]);
    expect(server.calls[0].body.max_tokens).toBe(4096);
    expect(JSON.parse(result.text)).toEqual({
      files: [{ path: 'word_count.py', purpose: 'count words' }],
    });
  });

  it('refuses a request without a model when none is configured', async () => {
    const provider = createAnthropicProviderFromConfig(
      new ConfigReader({
        type: 'anthropic',
        apiKey: API_KEY,
        baseUrl: server.url,
      }),
    );

    await expect(provider.complete(hello)).rejects.toMatchObject({
      retryable: false,
      message:
        'anthropic cannot send this request: it names no model and none is configured; set the request\'s model, or list models for provider "anthropic" in quantumlayer.llm.providers',
    });
    expect(server.calls).toHaveLength(0);
  });

  it('refuses tool calls whose arguments are not a JSON object, without echoing them', async () => {
    const provider = providerFor(server);

    const error = await provider
      .complete({
        messages: [
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ id: 't1', name: 'read_file', arguments: '[secret]' }],
          },
        ],
      })
      .catch(e => e);

    expect(error).toMatchObject({
      retryable: false,
      message:
        'anthropic cannot send this request: tool call t1 (read_file) has arguments that are not valid JSON',
    });
    expect(server.calls).toHaveLength(0);
  });
});
