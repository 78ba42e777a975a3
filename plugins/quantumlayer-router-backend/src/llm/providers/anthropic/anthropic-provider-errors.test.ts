import {
  API_KEY,
  hello,
  providerFor,
} from '../../../__testUtils__/anthropic-provider-setup';
import {
  LoopbackReply,
  useLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import {
  ProviderErrorWire,
  providerErrorCases,
} from '../../../__testUtils__/provider-error-cases';
import textAnswer from './__fixtures__/anthropic-text.json';
import rateLimitError from './__fixtures__/anthropic-rate-limit-error.json';
import overloadedError from './__fixtures__/anthropic-overloaded-error.json';
import invalidRequestError from './__fixtures__/anthropic-invalid-request-error.json';

const rateLimited: LoopbackReply = {
  type: 'json',
  status: 429,
  headers: { 'retry-after': '2' },
  body: rateLimitError,
};

/** The recorded Anthropic answers the shared error cases replay. */
const wire: ProviderErrorWire = {
  id: 'anthropic',
  providerFor,
  request: hello,
  secret: API_KEY,
  answer: { type: 'json', body: textAnswer },
  rateLimited: {
    reply: rateLimited,
    message:
      /^anthropic answered 429 \(rate_limit_error\): This request would exceed/,
  },
  unavailable: {
    reply: { type: 'json', status: 529, body: overloadedError },
    status: 529,
    message: 'anthropic answered 529 (overloaded_error): Overloaded',
  },
  invalid: {
    reply: { type: 'json', status: 400, body: invalidRequestError },
    message: `anthropic answered 400 (invalid_request_error): ${invalidRequestError.error.message}`,
  },
  secretEchoed: {
    reply: {
      type: 'json',
      status: 401,
      body: {
        type: 'error',
        error: {
          type: 'authentication_error',
          message: `invalid x-api-key: ${API_KEY}`,
        },
      },
    },
    status: 401,
    message:
      /^anthropic answered 401 \(authentication_error\): invalid x-api-key: \[redacted\]/,
  },
};

describe('AnthropicProvider', () => {
  const server = useLoopbackServer();

  it.each(providerErrorCases(wire))('$title', async ({ check }) => {
    expect.hasAssertions();
    await check(server);
  });

  it("clips the vendor's long message to 300 characters", async () => {
    server.reply(rateLimited);

    const error = await providerFor(server)
      .complete(hello)
      .catch(e => e);

    const vendorText = error.message.slice(
      'anthropic answered 429 (rate_limit_error): '.length,
    );
    expect(vendorText).toHaveLength(300);
    expect(vendorText).toMatch(/…$/);
  });
});
