import Anthropic from '@anthropic-ai/sdk';
import {
  GatewayTestBackend,
  answerText,
  startGatewayTestBackend,
  streamedText,
  textStream,
} from '../../__testUtils__/gateway-test-backend';
import textAnswer from '../../llm/providers/openai/__fixtures__/openai-text.json';

jest.setTimeout(60_000);

let gateway: GatewayTestBackend;
let upstream: GatewayTestBackend['upstream'];
let anthropic: GatewayTestBackend['anthropic'];

beforeAll(async () => {
  gateway = await startGatewayTestBackend();
  ({ upstream, anthropic } = gateway);
});

afterAll(() => gateway?.stop());

beforeEach(() => {
  upstream.reply({ type: 'json', body: textAnswer });
});

describe('Anthropic-compatible endpoint, with the official Anthropic client', () => {
  it('answers a message', async () => {
    const message = await anthropic().messages.create({
      model: 'smart',
      max_tokens: 256,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: answerText }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(upstream.calls[upstream.calls.length - 1].body).toMatchObject({
      model: 'm1',
      max_tokens: 256,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  it('streams events the SDK assembles into the final message', async () => {
    upstream.reply({ type: 'sse', body: textStream });
    const stream = anthropic().messages.stream({
      model: 'smart',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'stream please' }],
    });
    const deltas: string[] = [];
    stream.on('text', t => deltas.push(t));
    const final = await stream.finalMessage();
    expect(deltas.join('')).toBe(streamedText);
    expect(final.content).toEqual([{ type: 'text', text: streamedText }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('reports a cut stream as an error', async () => {
    upstream.reply({ type: 'sse', body: textStream, cutAfter: 3 });
    const error = await anthropic()
      .messages.stream({
        model: 'smart',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'cut' }],
      })
      .finalMessage()
      .catch(e => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
  });
});
