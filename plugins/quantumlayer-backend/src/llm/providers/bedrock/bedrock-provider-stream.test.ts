import fs from 'fs';
import path from 'path';
import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-node';
// Test-only: the SDK's own event-stream codec (@smithy/eventstream-codec now
// lives in @smithy/core). It comes hoisted with @aws-sdk/client-bedrock-runtime
// but is not yet declared as a devDependency.
import { EventStreamCodec } from '@smithy/core/event-streams';
import {
  MODEL,
  MODEL_PATH,
  SIGV4,
  hello,
  providerFor,
} from '../../../__testUtils__/bedrock-provider-setup';
import { collectStream, textDeltas } from '../../../__testUtils__/llm-stream';
import {
  LoopbackReply,
  useLoopbackServer,
} from '../../../__testUtils__/loopback-server';

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

describe('BedrockProvider', () => {
  const server = useLoopbackServer();

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
});
