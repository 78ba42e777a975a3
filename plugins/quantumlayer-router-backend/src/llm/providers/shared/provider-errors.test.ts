import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  answeredError,
  describeError,
  invalidRequestError,
  sanitizeErrorText,
} from './provider-errors';

describe('sanitizeErrorText', () => {
  it('redacts secrets before clipping, so no part of one survives the cut', () => {
    const secret = 'sk-0123456789abcdef';
    const text = `${'x'.repeat(285)}${secret} and more`;
    const clean = sanitizeErrorText(text, [secret]);
    expect(clean).toHaveLength(300);
    expect(clean).toBe(`${'x'.repeat(285)}[redacted] and…`);
    expect(clean).not.toContain('sk-0');
  });

  it('puts the text on one line and leaves short text whole', () => {
    expect(sanitizeErrorText('<html>\n  Bad   Gateway\n</html>', [''])).toBe(
      '<html> Bad Gateway </html>',
    );
  });
});

describe('describeError', () => {
  it('names the causes, skips a repeated message and redacts', () => {
    const error = new TypeError('fetch failed', {
      cause: new Error('fetch failed', {
        cause: new Error('connect ECONNREFUSED for key sk-abc'),
      }),
    });
    expect(describeError(error, ['sk-abc'])).toBe(
      'fetch failed (connect ECONNREFUSED for key [redacted])',
    );
  });

  it('reads errors from another realm and values that are not errors', () => {
    expect(describeError({ name: 'TypeError', message: 'terminated' })).toBe(
      'terminated',
    );
    expect(describeError('socket hang up')).toBe('socket hang up');
  });
});

describe('answeredError', () => {
  it('says who answered what, retryable by the one retry rule', () => {
    const error = answeredError(
      'bedrock',
      {
        status: 429,
        type: 'ThrottlingException',
        message: 'Too many requests',
        retryAfterMs: 2000,
      },
      [],
    );
    expect(error).toMatchObject({
      provider: 'bedrock',
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
      message: 'bedrock answered 429 (ThrottlingException): Too many requests',
    });
    expect(
      answeredError('openai', { status: 400, message: 'bad' }),
    ).toMatchObject({ retryable: false, message: 'openai answered 400: bad' });
  });
});

describe('invalidRequestError', () => {
  it('wraps what a converter threw, but keeps an LlmProviderError', () => {
    expect(
      invalidRequestError('anthropic', new TypeError('tool call t1 is bad')),
    ).toMatchObject({
      retryable: false,
      message: 'anthropic cannot send this request: tool call t1 is bad',
    });
    const original = new LlmProviderError({
      provider: 'azure-openai',
      retryable: false,
      message: 'azure-openai has no deployment for model "gpt-5"',
    });
    expect(invalidRequestError('azure-openai', original)).toBe(original);
  });
});
