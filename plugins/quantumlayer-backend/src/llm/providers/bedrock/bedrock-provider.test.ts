import fs from 'fs';
import path from 'path';
import { ConfigReader } from '@backstage/config';
import {
  LlmCompletionRequest,
  LlmProviderError,
} from '@internal/backstage-plugin-quantumlayer-node';
// Test-only: the SDK's own event-stream codec (@smithy/eventstream-codec now
// lives in @smithy/core) and HTTP/1.1 handler. Both come hoisted with
// @aws-sdk/client-bedrock-runtime but are not yet declared as devDependencies.
import { EventStreamCodec } from '@smithy/core/event-streams';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { collectStream, textDeltas } from '../../../__testUtils__/llm-stream';
import {
  LoopbackReply,
  LoopbackServer,
  useLoopbackServer,
} from '../../../__testUtils__/loopback-server';
import { JSON_MODE_INSTRUCTION } from '../shared/json-mode';
import { createBedrockProviderFromConfig } from './bedrock-provider';
import textAnswer from './__fixtures__/bedrock-text.json';
import toolUseAnswer from './__fixtures__/bedrock-tool-use.json';
import jsonAnswer from './__fixtures__/bedrock-json.json';
import throttlingError from './__fixtures__/bedrock-throttling-error.json';
import validationError from './__fixtures__/bedrock-validation-error.json';
import unavailableError from './__fixtures__/bedrock-service-unavailable-error.json';

const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const MODEL = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const MODEL_PATH = encodeURIComponent(MODEL);

const codec = new EventStreamCodec(
  bytes => Buffer.from(bytes).toString('utf8'),
  text => Buffer.from(text, 'utf8'),
);

/** Encodes one recorded `{"<eventType>": payload}` line as an event-stream frame. */
function frame(line: string): Buffer {
  const event = JSON.parse(line);
  const [eventType] = Object.keys(event);
  return Buffer.from(
    codec.encode({
      headers: {
        ':event-type': { type: 'string', value: eventType },
        ':message-type': { type: 'string', value: 'event' },
        ':content-type': { type: 'string', value: 'application/json' },
      },
      body: Buffer.from(JSON.stringify(event[eventType]), 'utf8'),
    }),
  );
}

function exceptionFrame(exceptionType: string, body: unknown): Buffer {
  return Buffer.from(
    codec.encode({
      headers: {
        ':exception-type': { type: 'string', value: exceptionType },
        ':message-type': { type: 'string', value: 'exception' },
        ':content-type': { type: 'string', value: 'application/json' },
      },
      body: Buffer.from(JSON.stringify(body), 'utf8'),
    }),
  );
}

const streamLines = fs
  .readFileSync(
    path.join(__dirname, '__fixtures__', 'bedrock-stream.chunks.txt'),
    'utf8',
  )
  .split('\n')
  .filter(line => line.trim() !== '');
const streamFrames = streamLines.map(frame);

function eventStream(chunks: Buffer[], cutAfter?: number): LoopbackReply {
  return {
    type: 'chunks',
    headers: { 'content-type': 'application/vnd.amazon.eventstream' },
    chunks,
    cutAfter,
  };
}

function errorReply(
  recorded: { status: number; headers: Record<string, string>; body: unknown },
  extraHeaders: Record<string, string> = {},
): LoopbackReply {
  return {
    type: 'json',
    status: recorded.status,
    headers: { ...recorded.headers, ...extraHeaders },
    body: recorded.body,
  };
}

function providerFor(server: LoopbackServer, extra: object = {}) {
  return createBedrockProviderFromConfig(
    new ConfigReader({
      type: 'bedrock',
      region: 'us-east-1',
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
      endpoint: server.url,
      models: [MODEL, 'amazon.nova-pro-v1:0'],
      ...extra,
    }),
    // The SDK's default transport is HTTP/2; the loopback server speaks HTTP/1.1.
    { requestHandler: new NodeHttpHandler() },
  );
}

const hello: LlmCompletionRequest = {
  messages: [{ role: 'user', content: 'count words' }],
};

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/;

describe('BedrockProvider', () => {
  const server = useLoopbackServer();

  it('sends a signed Converse request through the SDK and maps the answer', async () => {
    server.reply({ type: 'json', body: textAnswer });
    const provider = providerFor(server);

    const result = await provider.complete({
      messages: [
        { role: 'system', content: 'You write Python.' },
        { role: 'user', content: 'Write word_count(text).' },
      ],
      maxTokens: 256,
      temperature: 0.2,
      topP: 0.9,
      stop: ['<END>'],
    });

    expect(server.calls).toHaveLength(1);
    const call = server.calls[0];
    expect(call.method).toBe('POST');
    expect(call.path).toBe(`/model/${MODEL_PATH}/converse`);
    expect(call.headers.authorization).toMatch(SIGV4);
    expect(call.headers['amz-sdk-request']).toBe('attempt=1; max=1');
    expect(call.body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'Write word_count(text).' }] },
      ],
      system: [{ text: 'You write Python.' }],
      inferenceConfig: {
        maxTokens: 256,
        temperature: 0.2,
        topP: 0.9,
        stopSequences: ['<END>'],
      },
    });
    expect(result).toEqual({
      text: textAnswer.output.message.content[0].text,
      provider: 'bedrock',
      model: MODEL,
      usage: { promptTokens: 41, completionTokens: 33 },
      finishReason: 'stop',
    });
  });

  it('sends tools and prior tool results, and maps the tool calls it gets back', async () => {
    server.reply({ type: 'json', body: toolUseAnswer });
    const provider = providerFor(server, { id: 'aws' });

    const result = await provider.complete({
      model: 'amazon.nova-pro-v1:0',
      messages: [
        { role: 'user', content: 'Fix the failing tests.' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'tooluse_a', name: 'run_tests', arguments: '{}' },
            {
              id: 'tooluse_b',
              name: 'read_file',
              arguments: '{"path":"word_count.py"}',
            },
          ],
        },
        { role: 'tool', toolCallId: 'tooluse_a', content: '1 failed' },
        { role: 'tool', toolCallId: 'tooluse_b', content: 'def word_count…' },
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
      toolChoice: 'required',
    });

    expect(server.calls[0].path).toBe(
      `/model/${encodeURIComponent('amazon.nova-pro-v1:0')}/converse`,
    );
    expect(server.calls[0].body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'Fix the failing tests.' }] },
        {
          role: 'assistant',
          content: [
            {
              toolUse: { toolUseId: 'tooluse_a', name: 'run_tests', input: {} },
            },
            {
              toolUse: {
                toolUseId: 'tooluse_b',
                name: 'read_file',
                input: { path: 'word_count.py' },
              },
            },
          ],
        },
        {
          role: 'user',
          content: [
            {
              toolResult: {
                toolUseId: 'tooluse_a',
                content: [{ text: '1 failed' }],
              },
            },
            {
              toolResult: {
                toolUseId: 'tooluse_b',
                content: [{ text: 'def word_count…' }],
              },
            },
          ],
        },
      ],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'read_file',
              description: 'Read a file of the project',
              inputSchema: {
                json: {
                  type: 'object',
                  properties: { path: { type: 'string' } },
                  required: ['path'],
                },
              },
            },
          },
          {
            toolSpec: {
              name: 'run_tests',
              inputSchema: { json: { type: 'object', properties: {} } },
            },
          },
        ],
        toolChoice: { any: {} },
      },
    });
    expect(result).toEqual({
      text: 'The tests fail in word_count.py; I will read the test file next.',
      toolCalls: [
        {
          id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
          name: 'read_file',
          arguments: '{"path":"tests/test_word_count.py"}',
        },
      ],
      provider: 'aws',
      model: 'amazon.nova-pro-v1:0',
      // 530 uncached + 96 read from the prompt cache
      usage: { promptTokens: 626, completionTokens: 81 },
      finishReason: 'tool-calls',
    });
  });

  it('asks for one JSON object with a system block in JSON mode', async () => {
    server.reply({ type: 'json', body: jsonAnswer });
    const provider = providerFor(server);

    const result = await provider.complete({
      messages: [
        { role: 'system', content: 'You plan projects.' },
        { role: 'user', content: 'Plan word_count.' },
      ],
      responseFormat: 'json',
    });

    expect(server.calls[0].body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Plan word_count.' }] }],
      system: [{ text: 'You plan projects.' }, { text: JSON_MODE_INSTRUCTION }],
    });
    expect(JSON.parse(result.text)).toEqual({
      files: [{ path: 'word_count.py', purpose: 'count words' }],
    });
  });

  it('streams parts from event-stream frames and ends with one finish part', async () => {
    server.reply(eventStream(streamFrames));
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(error).toBeUndefined();
    expect(server.calls[0].path).toBe(`/model/${MODEL_PATH}/converse-stream`);
    expect(server.calls[0].headers.authorization).toMatch(SIGV4);
    expect(server.calls[0].body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'count words' }] }],
    });
    expect(parts).toEqual([
      ...textDeltas('I will read', ' the tests first.'),
      {
        type: 'tool-call-delta',
        index: 0,
        id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
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
        usage: { promptTokens: 487, completionTokens: 92 },
        model: MODEL,
      },
    ]);
  });

  it('throws a retryable error after the parts already sent when the stream is cut mid-frame', async () => {
    const [start, delta1, delta2, blockStop, ...rest] = streamFrames;
    server.reply(
      eventStream(
        [
          start,
          delta1,
          delta2,
          blockStop.subarray(0, 10),
          blockStop.subarray(10),
          ...rest,
        ],
        4,
      ),
    );
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(parts).toEqual(textDeltas('I will read', ' the tests first.'));
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({ provider: 'bedrock', retryable: true });
    expect(error!.status).toBeUndefined();
    expect(error!.message).toMatch(
      /^bedrock stream was cut before it finished \(\w/,
    );
  });

  it('throws when the response ends cleanly but without messageStop', async () => {
    server.reply(eventStream(streamFrames.slice(0, -2)));
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
        'bedrock stream was cut before it finished (the response ended without messageStop)',
    });
  });

  it('finishes without usage when metadata never comes after messageStop', async () => {
    server.reply(eventStream(streamFrames.slice(0, -1)));
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(error).toBeUndefined();
    expect(parts[parts.length - 1]).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      model: MODEL,
    });
  });

  it('maps an exception event inside the stream by its type', async () => {
    server.reply(
      eventStream([
        ...streamFrames.slice(0, 2),
        exceptionFrame('throttlingException', {
          message: 'Too many tokens, please wait before trying again.',
        }),
      ]),
    );
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(parts).toEqual(textDeltas('I will read'));
    expect(error).toMatchObject({
      status: 429,
      retryable: true,
      message:
        'bedrock answered 429 (ThrottlingException): Too many tokens, please wait before trying again.',
    });
  });

  it('maps a 429 to a retryable error with Retry-After, without SDK retries', async () => {
    server.reply(errorReply(throttlingError, { 'retry-after': '2' }));
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({
      provider: 'bedrock',
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
      message:
        'bedrock answered 429 (ThrottlingException): Too many requests, please wait before trying again.',
    });
    expect(server.calls).toHaveLength(1);
  });

  it('maps a 503 to a retryable error, also when a stream starts', async () => {
    server.reply(errorReply(unavailableError));
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(parts).toEqual([]);
    expect(error).toMatchObject({
      status: 503,
      retryable: true,
      message:
        'bedrock answered 503 (ServiceUnavailableException): Bedrock is unable to process your request.',
    });
    expect(server.calls).toHaveLength(1);
  });

  it('maps a 400 to a permanent error', async () => {
    server.reply(errorReply(validationError));
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toMatchObject({
      status: 400,
      retryable: false,
      message: `bedrock answered 400 (ValidationException): ${validationError.body.message}`,
    });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('maps a 403 to a permanent error that never carries the credentials', async () => {
    server.reply({
      type: 'json',
      status: 403,
      headers: {
        'x-amzn-errortype':
          'AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      },
      body: {
        message: `You don't have access to the model with the specified model ID (secret ${SECRET_ACCESS_KEY}).`,
      },
    });
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toMatchObject({ status: 403, retryable: false });
    expect(error.message).toMatch(
      /^bedrock answered 403 \(AccessDeniedException\)/,
    );
    expect(error.message).not.toContain(SECRET_ACCESS_KEY);
  });

  it('maps a reset connection to a retryable error without status', async () => {
    server.reply({ type: 'reset' });
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(server.calls).toHaveLength(1);
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
      message: 'bedrock request was aborted by the caller',
    });
  });

  it('refuses a request without a model when none is configured', async () => {
    const provider = createBedrockProviderFromConfig(
      new ConfigReader({
        type: 'bedrock',
        region: 'us-east-1',
        accessKeyId: ACCESS_KEY_ID,
        secretAccessKey: SECRET_ACCESS_KEY,
        endpoint: server.url,
      }),
      { requestHandler: new NodeHttpHandler() },
    );

    await expect(provider.complete(hello)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(
        /^bedrock cannot send this request: it names no model and none is configured/,
      ),
    });
    expect(server.calls).toHaveLength(0);
  });

  it('rejects half-configured static credentials', () => {
    expect(() =>
      createBedrockProviderFromConfig(
        new ConfigReader({
          type: 'bedrock',
          region: 'us-east-1',
          accessKeyId: ACCESS_KEY_ID,
        }),
      ),
    ).toThrow(/set both accessKeyId and secretAccessKey/);
  });
});
