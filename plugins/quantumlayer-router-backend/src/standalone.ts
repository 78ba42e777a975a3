import type { Config } from '@backstage/config';
import type {
  LlmProvider,
  LlmRouterClient,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { LlmRouter } from './llm/llm-router';
import { createProviderFromConfig } from './llm/providers/create-provider-from-config';

/**
 * An in-process LLM router over `providers`, with the router's defaults
 * (implicit `<id>/<model>` routes, retries and fallback, no budgets or
 * cache): for tools, benchmarks and tests that run code generation without
 * a backend. `maxRetries` is the retries of one target (default 2).
 *
 * @public
 */
export function createStandaloneLlmRouter(options: {
  providers: LlmProvider[];
  maxRetries?: number;
}): LlmRouterClient {
  return new LlmRouter({
    providers: options.providers,
    retry:
      options.maxRetries === undefined
        ? undefined
        : { maxRetries: options.maxRetries },
  });
}

/**
 * One provider from a `quantumlayer.llm.providers` entry (`type`, keys,
 * `baseUrl`, models), as the router builds it.
 *
 * @public
 */
export function createLlmProviderFromConfig(
  entry: Config,
  path = 'provider',
): Promise<LlmProvider> {
  return createProviderFromConfig(entry, path);
}
