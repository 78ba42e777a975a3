import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-node';
import {
  API_KEY,
  hello,
  providerFor,
} from '../../../__testUtils__/anthropic-provider-setup';
import { collectStream } from '../../../__testUtils__/llm-stream';
import { useLoopbackServer } from '../../../__testUtils__/loopback-server';
import textAnswer from './__fixtures__/anthropic-text.json';
import rateLimitError from './__fixtures__/anthropic-rate-limit-error.json';
import overloadedError from './__fixtures__/anthropic-overloaded-error.json';
import invalidRequestError from './__fixtures__/anthropic-invalid-request-error.json';

describe('AnthropicProvider', () => {
  const server = useLoopbackServer();

  it('maps a 429 to a retryable error with Retry-After, without SDK retries', async () => {
    server.reply({
      type: 'json',
      status: 429,
      headers: { 'retry-after': '2' },
      body: rateLimitError,
    });
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error).toMatchObject({
      provider: 'anthropic',
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
    });
    expect(error.message).toMatch(
      /^anthropic answered 429 \(rate_limit_error\): This request would exceed/,
    );
    // The vendor's long message is clipped to 300 characters.
    const vendorText = error.message.slice(
      'anthropic answered 429 (rate_limit_error): '.length,
    );
    expect(vendorText).toHaveLength(300);
    expect(vendorText).toMatch(/…$/);
    expect(server.calls).toHaveLength(1);
  });

  it('maps a 529 overloaded_error to a retryable error, also when a stream starts', async () => {
    server.reply({ type: 'json', status: 529, body: overloadedError });
    const provider = providerFor(server);

    const { parts, error } = await collectStream(provider.stream(hello));

    expect(parts).toEqual([]);
    expect(error).toMatchObject({
      status: 529,
      retryable: true,
      message: 'anthropic answered 529 (overloaded_error): Overloaded',
    });
    expect(server.calls).toHaveLength(1);
  });

  it('maps a 400 to a permanent error', async () => {
    server.reply({ type: 'json', status: 400, body: invalidRequestError });
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toMatchObject({
      status: 400,
      retryable: false,
      message: `anthropic answered 400 (invalid_request_error): ${invalidRequestError.error.message}`,
    });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('never puts the API key in an error message, even when the vendor echoes it', async () => {
    server.reply({
      type: 'json',
      status: 401,
      body: {
        type: 'error',
        error: {
          type: 'authentication_error',
          message: `invalid x-api-key: ${API_KEY}`,
        },
      },
    });
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).toContain('[redacted]');
  });

  it('maps a reset connection to a retryable error without status', async () => {
    server.reply({ type: 'reset' });
    const provider = providerFor(server);

    const error = await provider.complete(hello).catch(e => e);

    expect(error).toBeInstanceOf(LlmProviderError);
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain(API_KEY);
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
      message: 'anthropic request was aborted by the caller',
    });
  });
});
