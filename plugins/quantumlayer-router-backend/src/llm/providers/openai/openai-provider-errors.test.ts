import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-router-node';
import { collectStream } from '../../../__testUtils__/llm-stream';
import { useLoopbackServer } from '@internal/quantumlayer-test-utils';
import {
  API_KEY,
  codeRequest,
  providerFor,
} from '../../../__testUtils__/openai-provider-setup';
import rateLimitError from './__fixtures__/openai-rate-limit.json';
import badRequestError from './__fixtures__/openai-bad-request.json';
import invalidKeyError from './__fixtures__/openai-invalid-api-key.json';

describe('createOpenAiProviderFromConfig', () => {
  const server = useLoopbackServer();

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
});
