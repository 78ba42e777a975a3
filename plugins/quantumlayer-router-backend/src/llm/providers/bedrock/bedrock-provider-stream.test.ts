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
import {
  collectStream,
  recordedStream,
} from '../../../__testUtils__/llm-stream';
import {
  LoopbackReply,
  useLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import {
  ProviderStreamWire,
  providerStreamCases,
} from '../../../__testUtils__/provider-error-cases';

const codec = new EventStreamCodec(
  bytes => Buffer.from(bytes).toString('utf8'),
  text => Buffer.from(text, 'utf8'),
);

/** One event-stream frame: an event or exception of type `type`, with a JSON body. */
function frame(
  messageType: 'event' | 'exception',
  type: string,
  body: unknown,
): Buffer {
  return Buffer.from(
    codec.encode({
      headers: {
        [`:${messageType}-type`]: { type: 'string', value: type },
        ':message-type': { type: 'string', value: messageType },
        ':content-type': { type: 'string', value: 'application/json' },
      },
      body: Buffer.from(JSON.stringify(body), 'utf8'),
    }),
  );
}

/** The recorded `{"<eventType>": payload}` lines, each as an event frame. */
const streamFrames = recordedStream(__dirname, 'bedrock-stream.chunks.txt')
  .split('\n')
  .filter(line => line.trim() !== '')
  .map(line => {
    const event = JSON.parse(line);
    const [eventType] = Object.keys(event);
    return frame('event', eventType, event[eventType]);
  });
const [start, delta1, delta2, blockStop, ...rest] = streamFrames;

function eventStream(chunks: Buffer[], cutAfter?: number): LoopbackReply {
  return {
    type: 'chunks',
    headers: { 'content-type': 'application/vnd.amazon.eventstream' },
    chunks,
    cutAfter,
  };
}

/** The recorded Bedrock answers the shared stream cases replay. */
const wire: ProviderStreamWire = {
  id: 'bedrock',
  providerFor,
  request: hello,
  recorded: {
    reply: eventStream(streamFrames),
    body: {
      messages: [{ role: 'user', content: [{ text: 'count words' }] }],
    },
    call: {
      path: `/model/${MODEL_PATH}/converse-stream`,
      headers: { authorization: expect.stringMatching(SIGV4) },
    },
    toolCallId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
    usage: { promptTokens: 487, completionTokens: 92 },
    model: MODEL,
  },
  // The two text deltas, then the socket closes in the middle of a frame.
  cut: eventStream(
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
  // messageStop and metadata are the last two frames.
  withoutStop: {
    reply: eventStream(streamFrames.slice(0, -2)),
    event: 'messageStop',
  },
  errorEvent: {
    reply: eventStream([
      start,
      delta1,
      frame('exception', 'throttlingException', {
        message: 'Too many tokens, please wait before trying again.',
      }),
    ]),
    error: {
      status: 429,
      retryable: true,
      message:
        'bedrock answered 429 (ThrottlingException): Too many tokens, please wait before trying again.',
    },
  },
};

describe('BedrockProvider', () => {
  const server = useLoopbackServer();

  it.each(providerStreamCases(wire))('$title', async ({ check }) => {
    expect.hasAssertions();
    await check(server);
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
});
