import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
  LlmProviderError,
} from '@internal/backstage-plugin-quantumlayer-node';
import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * The seam every generation call goes through. This version tries providers in
 * priority order and falls back on retryable failures only; routing
 * strategies, breakers, caching and budgets slot in behind `complete`.
 */
export class LlmRouter {
  private readonly providers: LlmProvider[];

  constructor(
    providers: LlmProvider[],
    private readonly logger?: LoggerService,
  ) {
    if (providers.length === 0) {
      throw new Error('LlmRouter needs at least one provider');
    }
    this.providers = providers;
  }

  async complete(request: LlmCompletionRequest): Promise<LlmCompletion> {
    let lastError: unknown;
    for (const provider of this.providers) {
      try {
        return await provider.complete(request);
      } catch (error) {
        lastError = error;
        const retryable = error instanceof LlmProviderError && error.retryable;
        this.logger?.warn(
          `LLM provider ${provider.id} failed (${
            retryable ? 'retryable' : 'permanent'
          }): ${(error as Error).message}`,
        );
        if (!retryable) throw error;
      }
    }
    throw lastError;
  }
}
