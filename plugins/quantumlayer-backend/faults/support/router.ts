import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  createLlmRouter,
  LlmRouterRuntime,
} from '../../../quantumlayer-router-backend/src/llm/create-llm-router';
import { collectingLogger } from './services';

/** One OpenAI-wire loopback server (a FaultOpenAiServer's `baseUrl`) as a router provider. */
export interface FaultsProvider {
  id: string;
  baseUrl: string;
  timeoutMs?: number;
}

/**
 * The LLM router as the backend builds it, over OpenAI-compatible providers
 * that each serve model `m1`, with the response cache off; `router` adds to
 * (or overrides) the `quantumlayer.router` config.
 */
export function faultsRouter(options: {
  providers: FaultsProvider[];
  router?: Record<string, unknown>;
  logger?: LoggerService;
}): Promise<LlmRouterRuntime> {
  return createLlmRouter({
    config: new ConfigReader({
      quantumlayer: {
        llm: {
          providers: options.providers.map(({ id, baseUrl, timeoutMs }) => ({
            type: 'openai-compatible',
            id,
            baseUrl,
            models: ['m1'],
            ...(timeoutMs === undefined ? {} : { timeoutMs }),
          })),
        },
        router: { cache: { enabled: false }, ...options.router },
      },
    }),
    logger: options.logger ?? collectingLogger().logger,
  });
}
