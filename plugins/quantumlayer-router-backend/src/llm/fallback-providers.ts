import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  describeLocalModelServer,
  discoverLocalModelServer,
  localModelServerProvider,
} from './local-model-server';
import { noProviderMessage, readNoProviderPolicy } from './no-provider-policy';

const named = (providers: LlmProvider[]) =>
  providers.map(p => `provider ${p.id}`).join(', ');

const ADD_STAND_IN =
  "add the code-generation plugin's offline template module (quantumlayerOfflineTemplateModule from '@internal/backstage-plugin-quantumlayer-backend')";

/**
 * The providers added to the configured ones (from config and modules):
 * - some configured: the offline stand-ins (modules' `addStandIn`, such as
 *   the code-generation package's template) as a last resort only with
 *   `templateFallback: true`;
 * - none configured: a model server found on loopback (when discovery is on),
 *   else the stand-ins in development (with a warning), and an error naming
 *   `quantumlayer.llm.providers` in production or with `templateFallback:
 *   false`, unless `templateFallback: true`; an error too when the policy
 *   would use a stand-in and no module added one.
 */
export async function fallbackProviders(options: {
  config: Config;
  logger: LoggerService;
  configured: number;
  standIns: LlmProvider[];
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}): Promise<LlmProvider[]> {
  const { logger } = options;
  const policy = readNoProviderPolicy(options.config, options.env);
  const { standIns } = options;
  const templateOnPurpose = policy.templateFallback === true;
  if (templateOnPurpose && standIns.length === 0) {
    throw new Error(
      `quantumlayer.llm.templateFallback is true, but no offline stand-in is installed: ${ADD_STAND_IN}, or unset templateFallback.`,
    );
  }
  const lastResort = templateOnPurpose ? standIns : [];
  if (options.configured > 0) return lastResort;

  const server = policy.discovery.enabled
    ? await discoverLocalModelServer(policy.discovery, options.fetch)
    : undefined;
  if (server) {
    logger.info(
      `LLM: no provider configured; using the local model server at ${describeLocalModelServer(
        server,
      )}`,
    );
    return [localModelServerProvider(server), ...lastResort];
  }
  if (templateOnPurpose) {
    logger.warn(
      `LLM: no provider configured; quantumlayer.llm.templateFallback is true, so the offline stand-in (${named(
        standIns,
      )}) answers. It does not implement prompts: runs say offlineTemplate: true`,
    );
    return lastResort;
  }
  if (policy.production || policy.templateFallback === false) {
    throw new Error(noProviderMessage(policy));
  }
  if (standIns.length === 0) {
    throw new Error(
      `No LLM provider is configured (quantumlayer.llm.providers is empty) and no offline stand-in is installed: configure a provider under quantumlayer.llm.providers, or ${ADD_STAND_IN}.`,
    );
  }
  logger.warn(
    `LLM: no provider configured${
      policy.discovery.enabled
        ? ` and no local model server answered on 127.0.0.1 ports ${policy.discovery.ports.join(
            ', ',
          )}`
        : ''
    }; the offline stand-in (${named(
      standIns,
    )}) answers. It does not implement prompts (runs say offlineTemplate: true); configure quantumlayer.llm.providers`,
  );
  return standIns;
}
