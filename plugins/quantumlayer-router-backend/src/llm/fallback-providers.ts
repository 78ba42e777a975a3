import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  describeLocalModelServer,
  discoverLocalModelServer,
  localModelServerProvider,
} from './local-model-server';
import { noProviderMessage, readNoProviderPolicy } from './no-provider-policy';
import { TemplateProvider } from './providers/template/template-provider';

/**
 * The providers added to the configured ones (from config and modules):
 * - some configured: the template provider as a last resort only with
 *   `templateFallback: true`;
 * - none configured: a model server found on loopback (when discovery is on),
 *   else the offline template provider in development (with a warning), and
 *   an error naming `quantumlayer.llm.providers` in production or with
 *   `templateFallback: false`, unless `templateFallback: true`.
 */
export async function fallbackProviders(options: {
  config: Config;
  logger: LoggerService;
  configured: number;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}): Promise<LlmProvider[]> {
  const { logger } = options;
  const policy = readNoProviderPolicy(options.config, options.env);
  const templateOnPurpose = policy.templateFallback === true;
  const template = templateOnPurpose ? [new TemplateProvider()] : [];
  if (options.configured > 0) return template;

  const server = policy.discovery.enabled
    ? await discoverLocalModelServer(policy.discovery, options.fetch)
    : undefined;
  if (server) {
    logger.info(
      `LLM: no provider configured; using the local model server at ${describeLocalModelServer(
        server,
      )}`,
    );
    return [localModelServerProvider(server), ...template];
  }
  if (templateOnPurpose) {
    logger.warn(
      'LLM: no provider configured; quantumlayer.llm.templateFallback is true, so the offline template provider answers. It does not implement prompts: runs say offlineTemplate: true',
    );
    return template;
  }
  if (policy.production || policy.templateFallback === false) {
    throw new Error(noProviderMessage(policy));
  }
  logger.warn(
    `LLM: no provider configured${
      policy.discovery.enabled
        ? ` and no local model server answered on 127.0.0.1 ports ${policy.discovery.ports.join(
            ', ',
          )}`
        : ''
    }; the offline template provider answers. It does not implement prompts (runs say offlineTemplate: true); configure quantumlayer.llm.providers`,
  );
  return [new TemplateProvider()];
}
