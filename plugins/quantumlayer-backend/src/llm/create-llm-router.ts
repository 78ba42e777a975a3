import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-node';
import { LlmRouter } from './llm-router';
import { OpenAiCompatibleProvider } from './providers/openai-compatible/openai-compatible-provider';
import { TemplateProvider } from './providers/template/template-provider';

/**
 * Builds the router from `quantumlayer.llm.providers` plus providers added by
 * modules. With none configured, the offline template provider answers.
 */
export function createLlmRouter(options: {
  config: Config;
  logger: LoggerService;
  extraProviders?: LlmProvider[];
}): LlmRouter {
  const providers: LlmProvider[] = [];
  const configured =
    options.config.getOptionalConfigArray('quantumlayer.llm.providers') ?? [];
  for (const entry of configured) {
    const type = entry.getString('type');
    if (type !== 'openai-compatible') {
      throw new Error(
        `quantumlayer.llm.providers: type "${type}" is not supported; use "openai-compatible"`,
      );
    }
    providers.push(
      new OpenAiCompatibleProvider({
        id: entry.getOptionalString('id') ?? 'openai-compatible',
        baseURL: entry.getString('baseUrl'),
        apiKey: entry.getString('apiKey'),
        model: entry.getString('model'),
        timeoutMs: entry.getOptionalNumber('timeoutMs'),
      }),
    );
  }
  providers.push(...(options.extraProviders ?? []));
  const useTemplate =
    options.config.getOptionalBoolean('quantumlayer.llm.templateFallback') ??
    providers.length === 0;
  if (useTemplate || providers.length === 0)
    providers.push(new TemplateProvider());
  options.logger.info(
    `LLM router providers: ${providers.map(p => p.id).join(', ')}`,
  );
  return new LlmRouter(providers, options.logger);
}
