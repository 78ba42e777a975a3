import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-node';
import OpenAI from 'openai';

/** Only 408, 409, 429 and 5xx are worth another try; see LlmProviderError. */
export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true; // connection failures carry no status
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Maps an SDK error to an LlmProviderError without echoing keys or prompts. */
export function toProviderError(
  provider: string,
  error: unknown,
): LlmProviderError {
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    return new LlmProviderError({
      provider,
      status,
      retryable: isRetryableStatus(status),
      message: `${provider} answered ${status ?? 'without a status'}: ${
        error.error &&
        typeof error.error === 'object' &&
        'message' in error.error
          ? String((error.error as { message: unknown }).message).slice(0, 300)
          : error.message.slice(0, 300)
      }`,
    });
  }
  return new LlmProviderError({
    provider,
    retryable: true,
    message: `${provider} request failed: ${
      (error as Error)?.message ?? String(error)
    }`,
  });
}
