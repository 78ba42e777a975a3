import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-node';
import {
  SECRET_ACCESS_KEY,
  hello,
  providerFor,
} from '../../../__testUtils__/bedrock-provider-setup';
import { collectStream } from '../../../__testUtils__/llm-stream';
import {
  LoopbackReply,
  useLoopbackServer,
} from '../../../__testUtils__/loopback-server';
import textAnswer from './__fixtures__/bedrock-text.json';
import throttlingError from './__fixtures__/bedrock-throttling-error.json';
import validationError from './__fixtures__/bedrock-validation-error.json';
import unavailableError from './__fixtures__/bedrock-service-unavailable-error.json';

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

describe('BedrockProvider', () => {
  const server = useLoopbackServer();

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
});
