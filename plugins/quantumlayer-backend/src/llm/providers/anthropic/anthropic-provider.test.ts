import { ConfigReader } from '@backstage/config';
import {
  LlmCompletionRequest,
  LlmProviderError,
} from '@internal/backstage-plugin-quantumlayer-node';
import {
  collectStream,
  recordedStream,
  textDeltas,
} from '../../../__testUtils__/llm-stream';
import {
  LoopbackServer,
  sseEvents,
  useLoopbackServer,
} from '../../../__testUtils__/loopback-server';
import { JSON_MODE_INSTRUCTION } from '../shared/json-mode';
import { createAnthropicProviderFromConfig } from './anthropic-provider';
import textAnswer from './__fixtures__/anthropic-text.json';
import toolUseAnswer from './__fixtures__/anthropic-tool-use.json';
import jsonAnswer from './__fixtures__/anthropic-json.json';
import rateLimitError from './__fixtures__/anthropic-rate-limit-error.json';
import overloadedError from './__fixtures__/anthropic-overloaded-error.json';
import invalidRequestError from './__fixtures__/anthropic-invalid-request-error.json';

const API_KEY = 'sk-ant-api03-test-key-0123456789';
const streamBody = recordedStream(__dirname, 'anthropic-stream.chunks.txt');

function providerFor(server: LoopbackServer, extra: object = {}) {
  return createAnthropicProviderFromConfig(
    new ConfigReader({
      type: 'anthropic',
      apiKey: API_KEY,
      baseUrl: server.url,
      models: ['claude-sonnet-5-5', 'claude-haiku-4-5'],
      ...extra,
    }),
  );
}

const hello: LlmCompletionRequest = {
  messages: [{ role: 'user', content: 'count words' }],
};

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

  it('streams parts as the events arrive and ends with one finish part', async () => {
    server.reply({ type: 'sse', body: streamBody });
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(error).toBeUndefined();
    expect(server.calls[0].body).toEqual({
      model: 'claude-sonnet-5-5',
      max_tokens: 4096,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'count words' }] },
      ],
      stream: true,
    });
    expect(parts).toEqual([
      ...textDeltas('I will read', ' the tests first.'),
      {
        type: 'tool-call-delta',
        index: 0,
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'read_file',
        argumentsDelta: '',
      },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"path": "tests/' },
      {
        type: 'tool-call-delta',
        index: 0,
        argumentsDelta: 'test_word_count.py"}',
      },
      {
        type: 'finish',
        finishReason: 'tool-calls',
        usage: { promptTokens: 472, completionTokens: 89 },
        model: 'claude-sonnet-5-5',
      },
    ]);
  });

  it('throws a retryable error after the parts already sent when the connection drops', async () => {
    // message_start, content_block_start, ping and two text deltas, then the socket closes
    server.reply({ type: 'sse', body: streamBody, cutAfter: 5 });
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(parts).toEqual(textDeltas('I will read', ' the tests first.'));
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({ provider: 'anthropic', retryable: true });
    expect(error!.message).toMatch(
      /^anthropic stream was cut before it finished \(\w/,
    );
  });

  it('throws when the response ends cleanly but without message_stop', async () => {
    const withoutStop = sseEvents(streamBody).slice(0, -1).join('');
    server.reply({ type: 'sse', body: withoutStop });
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(parts.map(p => p.type)).toEqual([
      'text-delta',
      'text-delta',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-delta',
    ]);
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({
      retryable: true,
      message:
        'anthropic stream was cut before it finished (the response ended without message_stop)',
    });
  });

  it('maps a 429 to a retryable error with Retry-After, without SDK retries', async () => {
    server.reply({
      type: 'json',
      status: 429,
      headers: { 'retry-after': '2' },
      body: rateLimitError,
    });
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({
      provider: 'anthropic',
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
    });
    expect(error.message).toMatch(
      /^anthropic answered 429 \(rate_limit_error\): This request would exceed/,
    );
    // The vendor's long message is clipped to 300 characters.
    const vendorText = error.message.slice(
      'anthropic answered 429 (rate_limit_error): '.length,
    );
    expect(vendorText).toHaveLength(300);
    expect(vendorText).toMatch(/…$/);
    expect(server.calls).toHaveLength(1);
  });

  it('maps a 529 overloaded_error to a retryable error, also when a stream starts', async () => {
    server.reply({ type: 'json', status: 529, body: overloadedError });
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(parts).toEqual([]);
    expect(error).toMatchObject({
      status: 529,
      retryable: true,
      message: 'anthropic answered 529 (overloaded_error): Overloaded',
    });
    expect(server.calls).toHaveLength(1);
  });

  it('maps an error event inside a stream by its type', async () => {
    const events = sseEvents(streamBody);
    server.reply({
      type: 'sse',
      body: `${events.slice(0, 4).join('')}event: error\ndata: ${JSON.stringify(
        overloadedError,
      )}\n\n`,
    });
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(parts).toEqual(textDeltas('I will read'));
    expect(error).toMatchObject({ status: 529, retryable: true });
  });

  it('maps a 400 to a permanent error', async () => {
    server.reply({ type: 'json', status: 400, body: invalidRequestError });
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toMatchObject({
      status: 400,
      retryable: false,
      message: `anthropic answered 400 (invalid_request_error): ${invalidRequestError.error.message}`,
    });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('never puts the API key in an error message, even when the vendor echoes it', async () => {
    server.reply({
      type: 'json',
      status: 401,
      body: {
        type: 'error',
        error: {
          type: 'authentication_error',
          message: `invalid x-api-key: ${API_KEY}`,
        },
      },
    });
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).toContain('[redacted]');
  });

  it('maps a reset connection to a retryable error without status', async () => {
    server.reply({ type: 'reset' });
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain(API_KEY);
  });

  it('passes the abort signal through', async () => {
    server.reply({ type: 'json', body: textAnswer });
    const provider = providerFor(server);
    const controller = new AbortController();
    controller.abort();

    const error = await provider
      .complete({ ...hello, abortSignal: controller.signal })
      .catch(e => e);

    expect(error).toMatchObject({
      retryable: false,
      message: 'anthropic request was aborted by the caller',
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
