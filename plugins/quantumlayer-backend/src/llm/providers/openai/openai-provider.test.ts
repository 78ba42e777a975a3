import http from 'http';
import type { AddressInfo } from 'net';
import { ConfigReader } from '@backstage/config';
import {
  LlmCompletionRequest,
  LlmProviderError,
  LlmStreamPart,
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
import { createOpenAiProviderFromConfig } from './openai-provider';
import textAnswer from './__fixtures__/openai-text.json';
import toolCallsAnswer from './__fixtures__/openai-tool-calls.json';
import toolResultAnswer from './__fixtures__/openai-tool-result.json';
import jsonAnswer from './__fixtures__/openai-json.json';
import rateLimitError from './__fixtures__/openai-rate-limit.json';
import badRequestError from './__fixtures__/openai-bad-request.json';
import invalidKeyError from './__fixtures__/openai-invalid-api-key.json';

const API_KEY = 'sk-test-0123456789abcdefghijklmnopqrstuvwxyzcret';

const textStream = recordedStream(__dirname, 'openai-text.chunks.txt');
const toolCallStream = recordedStream(__dirname, 'openai-tool-call.chunks.txt');
const noFinishStream = recordedStream(__dirname, 'openai-no-finish.chunks.txt');
const errorEventStream = recordedStream(
  __dirname,
  'openai-stream-error.chunks.txt',
);

function providerFor(server: LoopbackServer, extra: object = {}) {
  return createOpenAiProviderFromConfig(
    new ConfigReader({
      type: 'openai',
      apiKey: API_KEY,
      baseUrl: `${server.url}/v1`,
      models: ['gpt-4o-mini', 'gpt-4o'],
      ...extra,
    }),
  );
}

const codeRequest: LlmCompletionRequest = {
  messages: [
    { role: 'system', content: 'You write Go. Answer in fenced blocks.' },
    { role: 'user', content: 'Write Add(a, b int) int.' },
  ],
};

const readFileTool = {
  name: 'read_file',
  description: 'Reads a file of the repository',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' } },
    required: ['path'],
  },
};

/** The text the recorded text stream spells out, delta by delta. */
const textParts = textDeltas(
  '```go',
  ' file',
  '=add',
  '.go',
  '\n',
  'package',
  ' add',
  '\n\n',
  'func',
  ' Add(a',
  ', b',
  ' int) int {\n\treturn a + b\n}\n```',
);

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

  it('streams text part by part, then one finish with the usage', async () => {
    server.reply({ type: 'sse', body: textStream });
    const { parts, error } = await collectStream(
      providerFor(server).stream({ ...codeRequest, maxTokens: 64 }),
    );
    expect(error).toBeUndefined();
    expect(server.calls[0].body).toEqual({
      model: 'gpt-4o-mini',
      messages: server.calls[0].body.messages,
      max_completion_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(parts).toEqual([
      ...textParts,
      {
        type: 'finish',
        finishReason: 'stop',
        usage: { promptTokens: 41, completionTokens: 26 },
        model: 'gpt-4o-mini-2024-07-18',
      },
    ]);
  });

  it('streams tool calls as indexed deltas', async () => {
    server.reply({ type: 'sse', body: toolCallStream });
    const { parts, error } = await collectStream(
      providerFor(server).stream({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'Read go.mod and main.go.' }],
        tools: [readFileTool],
      }),
    );
    expect(error).toBeUndefined();
    expect(server.calls[0].body.tools).toHaveLength(1);
    expect(server.calls[0].body.tool_choice).toBeUndefined();
    expect(parts).toEqual([
      {
        type: 'tool-call-delta',
        index: 0,
        id: 'call_Vq3sK8dLm2XoP9wYt4ZbR1nE',
        name: 'read_file',
        argumentsDelta: '',
      },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"pa' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'th": "' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'go.mod' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"}' },
      {
        type: 'tool-call-delta',
        index: 1,
        id: 'call_H7gT2cWq9NkL4bYs6XeM0pJa',
        name: 'read_file',
        argumentsDelta: '',
      },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"pa' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: 'th": "' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: 'main' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '.go"}' },
      {
        type: 'finish',
        finishReason: 'tool-calls',
        usage: { promptTokens: 112, completionTokens: 46 },
        model: 'gpt-4o-2024-08-06',
      },
    ]);
  });

  it('throws a retryable error after the parts already sent when the connection drops mid-stream', async () => {
    // Event 0 opens the answer (role only), events 1..3 carry text.
    server.reply({ type: 'sse', body: textStream, cutAfter: 4 });
    const { parts, error } = await collectStream(
      providerFor(server).stream(codeRequest),
    );
    expect(parts).toEqual(textParts.slice(0, 3));
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({ provider: 'openai', retryable: true });
    expect(error!.status).toBeUndefined();
    expect(error!.message).toMatch(/^openai stream was cut before it finished/);
  });

  it('throws when the stream ends with [DONE] but no finish reason', async () => {
    expect(sseEvents(noFinishStream).pop()).toBe('data: [DONE]\n\n');
    server.reply({ type: 'sse', body: noFinishStream });
    const { parts, error } = await collectStream(
      providerFor(server).stream(codeRequest),
    );
    expect(parts).toEqual(textParts.slice(0, 3));
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({
      retryable: true,
      message:
        'openai stream was cut before it finished (it ended without a finish reason)',
    });
  });

  it('throws an error event sent inside the stream', async () => {
    server.reply({ type: 'sse', body: errorEventStream });
    const { parts, error } = await collectStream(
      providerFor(server).stream(codeRequest),
    );
    expect(parts).toEqual(textParts.slice(0, 1));
    expect(error).toMatchObject({
      retryable: true,
      message:
        'openai sent an error mid-stream: The server had an error while processing your request. Sorry about that!',
    });
  });

  it('maps a 429 with retry-after and lets the router retry, not the SDK', async () => {
    server.reply({
      type: 'json',
      status: 429,
      headers: { 'retry-after': '2', 'x-request-id': 'req_3f1a' },
      body: rateLimitError,
    });
    const error = await providerFor(server)
      .complete(codeRequest)
      .catch(e => e);
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({
      provider: 'openai',
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
      message: `openai answered 429: ${rateLimitError.error.message}`,
    });
    expect(server.calls).toHaveLength(1);
  });

  it('maps a 429 answered to a stream request before any part', async () => {
    server.reply({
      type: 'json',
      status: 429,
      headers: { 'retry-after': '2' },
      body: rateLimitError,
    });
    const { parts, error } = await collectStream(
      providerFor(server).stream(codeRequest),
    );
    expect(parts).toEqual([]);
    expect(error).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
    });
    expect(server.calls).toHaveLength(1);
  });

  it('maps a 400 to a permanent error', async () => {
    server.reply({ type: 'json', status: 400, body: badRequestError });
    const error = await providerFor(server)
      .complete({ ...codeRequest, temperature: 0.2 })
      .catch(e => e);
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({
      status: 400,
      retryable: false,
      message: `openai answered 400: ${badRequestError.error.message}`,
    });
    expect(error.retryAfterMs).toBeUndefined();
    expect(server.calls).toHaveLength(1);
  });

  it('maps a connection reset to a retryable error without status', async () => {
    server.reply({ type: 'reset' });
    const error = await providerFor(server)
      .complete(codeRequest)
      .catch(e => e);
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^openai could not be reached: /);
    expect(server.calls).toHaveLength(1);
  });

  it('never puts the key or the prompt in an error message', async () => {
    const prompt = 'Write Add(a, b int) int.';
    const replies = [
      { type: 'json' as const, status: 401, body: invalidKeyError },
      { type: 'json' as const, status: 429, body: rateLimitError },
      { type: 'json' as const, status: 400, body: badRequestError },
      // A proxy that echoes the bearer token it rejected.
      {
        type: 'json' as const,
        status: 403,
        body: { error: { message: `token ${API_KEY} is not allowed` } },
      },
      { type: 'reset' as const },
    ];
    const messages: string[] = [];
    for (const reply of replies) {
      server.reply(reply);
      const error = await providerFor(server)
        .complete(codeRequest)
        .catch(e => e);
      expect(error).toBeInstanceOf(LlmProviderError);
      messages.push(error.message);
    }
    for (const message of messages) {
      expect(message).not.toContain(API_KEY);
      expect(message).not.toContain(prompt);
    }
    expect(messages[0]).toMatch(/^openai answered 401: Incorrect API key/);
    expect(messages[3]).toBe(
      'openai answered 403: token [redacted] is not allowed',
    );
  });

  it('clips long vendor messages to 300 characters', async () => {
    server.reply({
      type: 'json',
      status: 502,
      body: { error: { message: 'upstream '.repeat(100) } },
    });
    const error = await providerFor(server)
      .complete(codeRequest)
      .catch(e => e);
    const vendorText = error.message.slice('openai answered 502: '.length);
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(vendorText.length).toBeLessThanOrEqual(300);
    expect(vendorText).toMatch(/^upstream upstream .*…$/);
  });

  it('rejects an answer of the wrong shape as permanent', async () => {
    server.reply({ type: 'json', body: { object: 'chat.completion' } });
    await expect(
      providerFor(server).complete(codeRequest),
    ).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(
        /^openai answered in a shape this adapter cannot read: choices/,
      ),
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

  it('passes an aborted signal through as a permanent abort', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      providerFor(server).complete({
        ...codeRequest,
        abortSignal: controller.signal,
      }),
    ).rejects.toMatchObject({
      retryable: false,
      message: 'openai request was aborted by the caller',
    });
    expect(server.calls).toHaveLength(0);
  });

  it('aborts a slow stream when the caller aborts', async () => {
    // A server that sends two events and then stalls, as a slow model would;
    // without a working abort the test would hang until Jest's timeout.
    const [opening, first] = sseEvents(textStream);
    const sockets = new Set<import('net').Socket>();
    const slow = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(opening);
      res.write(first);
    });
    slow.on('connection', socket => sockets.add(socket));
    await new Promise<void>(resolve => slow.listen(0, '127.0.0.1', resolve));
    try {
      const provider = createOpenAiProviderFromConfig(
        new ConfigReader({
          type: 'openai',
          apiKey: API_KEY,
          baseUrl: `http://127.0.0.1:${
            (slow.address() as AddressInfo).port
          }/v1`,
          models: ['gpt-4o-mini'],
        }),
      );
      const controller = new AbortController();
      const parts: LlmStreamPart[] = [];
      const error = await (async () => {
        for await (const part of provider.stream({
          ...codeRequest,
          abortSignal: controller.signal,
        })) {
          parts.push(part);
          controller.abort();
        }
        return undefined;
      })().catch(e => e);
      expect(parts).toEqual(textParts.slice(0, 1));
      expect(error).toBeInstanceOf(LlmProviderError);
      expect(error).toMatchObject({
        retryable: false,
        message: 'openai request was aborted by the caller',
      });
    } finally {
      sockets.forEach(socket => socket.destroy());
      await new Promise(resolve => slow.close(resolve));
    }
  });
});
