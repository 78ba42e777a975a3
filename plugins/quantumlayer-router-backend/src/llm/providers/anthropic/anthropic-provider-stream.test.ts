import {
  hello,
  providerFor,
} from '../../../__testUtils__/anthropic-provider-setup';
import { recordedStream } from '../../../__testUtils__/llm-stream';
import {
  sseEvents,
  useLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import {
  ProviderStreamWire,
  providerStreamCases,
} from '../../../__testUtils__/provider-error-cases';
import overloadedError from './__fixtures__/anthropic-overloaded-error.json';

const streamBody = recordedStream(__dirname, 'anthropic-stream.chunks.txt');
const events = sseEvents(streamBody);

/** The recorded Anthropic answers the shared stream cases replay. */
const wire: ProviderStreamWire = {
  id: 'anthropic',
  providerFor,
  request: hello,
  recorded: {
    reply: { type: 'sse', body: streamBody },
    body: {
      model: 'claude-sonnet-5-5',
      max_tokens: 4096,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'count words' }] },
      ],
      stream: true,
    },
    toolCallId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
    usage: { promptTokens: 472, completionTokens: 89 },
    model: 'claude-sonnet-5-5',
  },
  // message_start, content_block_start, ping and two text deltas, then the socket closes
  cut: { type: 'sse', body: streamBody, cutAfter: 5 },
  withoutStop: {
    reply: { type: 'sse', body: events.slice(0, -1).join('') },
    event: 'message_stop',
  },
  errorEvent: {
    reply: {
      type: 'sse',
      body: `${events.slice(0, 4).join('')}event: error\ndata: ${JSON.stringify(
        overloadedError,
      )}\n\n`,
    },
    error: { status: 529, retryable: true },
  },
};

describe('AnthropicProvider', () => {
  const server = useLoopbackServer();

  it.each(providerStreamCases(wire))('$title', async ({ check }) => {
    expect.hasAssertions();
    await check(server);
  });
});
