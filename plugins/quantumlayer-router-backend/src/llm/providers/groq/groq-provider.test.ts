import { ConfigReader } from '@backstage/config';
import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  collectStream,
  recordedStream,
  textDeltas,
} from '../../../__testUtils__/llm-stream';
import {
  LoopbackServer,
  useLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import {
  createGroqProviderFromConfig,
  GROQ_DEFAULT_BASE_URL,
} from './groq-provider';
import textAnswer from './__fixtures__/groq-text.json';
import rateLimitError from './__fixtures__/groq-rate-limit.json';

const API_KEY = 'gsk_test0123456789abcdefghijklmnopqrstuvwxyzABCDEF';
const textStream = recordedStream(__dirname, 'groq-text.chunks.txt');

function providerFor(server: LoopbackServer) {
  return createGroqProviderFromConfig(
    new ConfigReader({
      type: 'groq',
      apiKey: API_KEY,
      // Groq serves the protocol under /openai/v1.
      baseUrl: `${server.url}/openai/v1`,
      models: ['llama-3.3-70b-versatile'],
    }),
  );
}

const request = {
  messages: [{ role: 'user' as const, content: 'Write add in JavaScript.' }],
  maxTokens: 128,
};

describe('createGroqProviderFromConfig', () => {
  const server = useLoopbackServer();

  it('defaults to the Groq API root', () => {
    expect(GROQ_DEFAULT_BASE_URL).toBe('https://api.groq.com/openai/v1');
  });

  it('sends a completion with a bearer key and maps the answer', async () => {
    server.reply({ type: 'json', body: textAnswer });
    const provider = providerFor(server);
    expect(provider.id).toBe('groq');

    const result = await provider.complete(request);

    expect(server.calls[0].path).toBe('/openai/v1/chat/completions');
    expect(server.calls[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.calls[0].body).toEqual({
      model: 'llama-3.3-70b-versatile',
      messages: request.messages,
      max_tokens: 128,
    });
    expect(result).toEqual({
      text: textAnswer.choices[0].message.content,
      provider: 'groq',
      model: 'llama-3.3-70b-versatile',
      usage: { promptTokens: 48, completionTokens: 21 },
      finishReason: 'stop',
    });
  });

  it('streams and takes the usage Groq reports under x_groq', async () => {
    server.reply({ type: 'sse', body: textStream });
    const { parts, error } = await collectStream(
      providerFor(server).stream(request),
    );
    expect(error).toBeUndefined();
    expect(server.calls[0].path).toBe('/openai/v1/chat/completions');
    expect(server.calls[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.calls[0].body).toEqual({
      model: 'llama-3.3-70b-versatile',
      messages: request.messages,
      max_tokens: 128,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(parts).toEqual([
      ...textDeltas('export', ' const', ' add', ' =', ' (a, b) => a + b;'),
      {
        type: 'finish',
        finishReason: 'stop',
        usage: { promptTokens: 48, completionTokens: 12 },
        model: 'llama-3.3-70b-versatile',
      },
    ]);
  });

  it("maps Groq's 429", async () => {
    server.reply({
      type: 'json',
      status: 429,
      headers: { 'retry-after': '7' },
      body: rateLimitError,
    });
    const error = await providerFor(server)
      .complete(request)
      .catch(e => e);
    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({
      provider: 'groq',
      status: 429,
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(error.message).toMatch(/^groq answered 429: Rate limit reached/);
    expect(error.message).not.toContain(API_KEY);
    expect(server.calls).toHaveLength(1);
  });
});
