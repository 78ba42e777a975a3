import {
  SECRET_ACCESS_KEY,
  hello,
  providerFor,
} from '../../../__testUtils__/bedrock-provider-setup';
import {
  LoopbackReply,
  useLoopbackServer,
} from '@internal/quantumlayer-test-utils';
import {
  ProviderErrorWire,
  providerErrorCases,
} from '../../../__testUtils__/provider-error-cases';
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

/** The recorded Bedrock answers the shared error cases replay. */
const wire: ProviderErrorWire = {
  id: 'bedrock',
  providerFor,
  request: hello,
  secret: SECRET_ACCESS_KEY,
  answer: { type: 'json', body: textAnswer },
  rateLimited: {
    reply: errorReply(throttlingError, { 'retry-after': '2' }),
    message:
      'bedrock answered 429 (ThrottlingException): Too many requests, please wait before trying again.',
  },
  unavailable: {
    reply: errorReply(unavailableError),
    status: 503,
    message:
      'bedrock answered 503 (ServiceUnavailableException): Bedrock is unable to process your request.',
  },
  invalid: {
    reply: errorReply(validationError),
    message: `bedrock answered 400 (ValidationException): ${validationError.body.message}`,
  },
  secretEchoed: {
    reply: {
      type: 'json',
      status: 403,
      headers: {
        'x-amzn-errortype':
          'AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      },
      body: {
        message: `You don't have access to the model with the specified model ID (secret ${SECRET_ACCESS_KEY}).`,
      },
    },
    status: 403,
    message: /^bedrock answered 403 \(AccessDeniedException\)/,
  },
};

describe('BedrockProvider', () => {
  const server = useLoopbackServer();

  it.each(providerErrorCases(wire))('$title', async ({ check }) => {
    expect.hasAssertions();
    await check(server);
  });
});
