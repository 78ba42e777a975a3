import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import { toOpenAiProviderError } from './openai-error';

const context = { provider: 'vllm', phase: 'request' as const };

function summary(error: LlmProviderError) {
  return {
    message: error.message,
    status: error.status,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
  };
}

describe('toOpenAiProviderError', () => {
  it('reads the vendor message from each error body shape', () => {
    const headers = new Headers({ 'retry-after-ms': '1500' });
    const errors = [
      // OpenAI, Azure, Groq, Ollama, newer vLLM: { error: { message } }
      APIError.generate(
        503,
        { error: { message: 'overloaded' } },
        undefined,
        headers,
      ),
      // LM Studio: { error: "…" }
      APIError.generate(
        404,
        { error: 'Unexpected endpoint or method.' },
        undefined,
        headers,
      ),
      // A plain-text body, e.g. a proxy's
      APIError.generate(
        502,
        undefined,
        '<html> Bad   Gateway </html>',
        headers,
      ),
      // Older vLLM puts the message at the top level; the SDK drops it.
      APIError.generate(
        400,
        { object: 'error', message: 'bad' },
        undefined,
        headers,
      ),
    ];
    expect(errors.map(error => summary(toOpenAiProviderError(error, context))))
      .toMatchInlineSnapshot(`
      [
        {
          "message": "vllm answered 503: overloaded",
          "retryAfterMs": 1500,
          "retryable": true,
          "status": 503,
        },
        {
          "message": "vllm answered 404: Unexpected endpoint or method.",
          "retryAfterMs": 1500,
          "retryable": false,
          "status": 404,
        },
        {
          "message": "vllm answered 502: <html> Bad Gateway </html>",
          "retryAfterMs": 1500,
          "retryable": true,
          "status": 502,
        },
        {
          "message": "vllm answered 400: no error message in the answer",
          "retryAfterMs": 1500,
          "retryable": false,
          "status": 400,
        },
      ]
    `);
  });

  it('maps connection failures, timeouts and aborts', () => {
    expect(
      [
        new APIConnectionError({
          cause: new TypeError('fetch failed', {
            cause: new Error('connect ECONNREFUSED 127.0.0.1:8000'),
          }),
        }),
        new APIConnectionTimeoutError(),
        new APIUserAbortError(),
      ].map(error => summary(toOpenAiProviderError(error, context))),
    ).toMatchInlineSnapshot(`
      [
        {
          "message": "vllm could not be reached: fetch failed (connect ECONNREFUSED 127.0.0.1:8000)",
          "retryAfterMs": undefined,
          "retryable": true,
          "status": undefined,
        },
        {
          "message": "vllm did not answer before the timeout",
          "retryAfterMs": undefined,
          "retryable": true,
          "status": undefined,
        },
        {
          "message": "vllm request was aborted by the caller",
          "retryAfterMs": undefined,
          "retryable": false,
          "status": undefined,
        },
      ]
    `);
  });

  it('treats a failed body read as a cut stream, bad JSON as permanent', () => {
    const stream = { ...context, phase: 'stream' as const };
    expect(
      [
        new TypeError('terminated', { cause: new Error('other side closed') }),
        new SyntaxError('Unexpected token < in JSON at position 0'),
      ].map(error => summary(toOpenAiProviderError(error, stream))),
    ).toMatchInlineSnapshot(`
      [
        {
          "message": "vllm stream was cut before it finished (terminated (other side closed))",
          "retryAfterMs": undefined,
          "retryable": true,
          "status": undefined,
        },
        {
          "message": "vllm sent a stream event that is not JSON",
          "retryAfterMs": undefined,
          "retryable": false,
          "status": undefined,
        },
      ]
    `);
  });

  it('redacts secrets wherever they appear', () => {
    const error = APIError.generate(
      401,
      { error: { message: 'key sk-abc123 rejected; sk-abc123 is revoked' } },
      undefined,
      new Headers(),
    );
    expect(
      toOpenAiProviderError(error, { ...context, secrets: ['sk-abc123'] })
        .message,
    ).toBe('vllm answered 401: key [redacted] rejected; [redacted] is revoked');
  });

  it('keeps an LlmProviderError as it is', () => {
    const original = new LlmProviderError({
      provider: 'x',
      message: 'x',
      retryable: false,
    });
    expect(toOpenAiProviderError(original, context)).toBe(original);
  });
});
