import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-node';
import {
  hello,
  providerFor,
} from '../../../__testUtils__/anthropic-provider-setup';
import {
  collectStream,
  recordedStream,
  textDeltas,
} from '../../../__testUtils__/llm-stream';
import {
  sseEvents,
  useLoopbackServer,
} from '../../../__testUtils__/loopback-server';
import overloadedError from './__fixtures__/anthropic-overloaded-error.json';

const streamBody = recordedStream(__dirname, 'anthropic-stream.chunks.txt');

describe('AnthropicProvider', () => {
  const server = useLoopbackServer();

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
});
