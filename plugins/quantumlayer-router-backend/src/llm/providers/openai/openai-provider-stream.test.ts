import http from 'http';
import type { AddressInfo } from 'net';
import { ConfigReader } from '@backstage/config';
import {
  LlmProviderError,
  LlmStreamPart,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  collectStream,
  recordedStream,
  textDeltas,
} from '../../../__testUtils__/llm-stream';
import {
  sseEvents,
  useLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import {
  API_KEY,
  codeRequest,
  providerFor,
  readFileTool,
} from '../../../__testUtils__/openai-provider-setup';
import { createOpenAiProviderFromConfig } from './openai-provider';

const textStream = recordedStream(__dirname, 'openai-text.chunks.txt');
const toolCallStream = recordedStream(__dirname, 'openai-tool-call.chunks.txt');
const noFinishStream = recordedStream(__dirname, 'openai-no-finish.chunks.txt');
const errorEventStream = recordedStream(
  __dirname,
  'openai-stream-error.chunks.txt',
);

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
