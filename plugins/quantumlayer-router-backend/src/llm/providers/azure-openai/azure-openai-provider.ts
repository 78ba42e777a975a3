import type { Config } from '@backstage/config';
import { LlmProviderError } from '@internal/backstage-plugin-quantumlayer-router-node';
import { AzureOpenAI } from 'openai';
import {
  openAiClientDefaults,
  OpenAiChatProvider,
  OpenAiClientOverrides,
} from '../openai/index';

/**
 * Reads `deployments`, a list of `{ model, deployment }` (a list, because
 * model names such as `gpt-4.1` are not valid config keys).
 */
function readDeployments(config: Config, id: string): Map<string, string> {
  const entries = (config.getOptionalConfigArray('deployments') ?? []).map(
    entry =>
      [entry.getString('model'), entry.getString('deployment')] as [
        string,
        string,
      ],
  );
  if (entries.length === 0) {
    throw new Error(
      `quantumlayer.llm.providers: azure-openai provider "${id}" needs deployments, each { model, deployment }, e.g. deployments: [{ model: gpt-4o, deployment: my-gpt-4o }]`,
    );
  }
  return new Map(entries);
}

/**
 * Builds the `azure-openai` provider: the SDK's AzureOpenAI client sends the
 * `api-key` header and the `api-version` query, and the OpenAI internals do
 * the rest. Requests name the model; the body's `model` carries its
 * deployment, which the client puts in the path
 * (`/openai/deployments/<deployment>/chat/completions`).
 */
export function createAzureOpenAiProviderFromConfig(
  config: Config,
  overrides: OpenAiClientOverrides = {},
): OpenAiChatProvider {
  const id = config.getOptionalString('id') ?? 'azure-openai';
  const deployments = readDeployments(config, id);
  const endpoint = config.getString('endpoint').replace(/\/+$/, '');
  const client = new AzureOpenAI({
    ...openAiClientDefaults({
      timeoutMs: config.getOptionalNumber('timeoutMs'),
      fetch: overrides.fetch,
    }),
    apiKey: config.getString('apiKey'),
    apiVersion: config.getString('apiVersion'),
    // baseURL rather than `endpoint`, so OPENAI_BASE_URL cannot interfere.
    baseURL: `${endpoint}/openai`,
  });
  // Deployments of embedding models serve `/embeddings`, the rest chat.
  const embeddingModels =
    config.getOptionalStringArray('embeddingModels') ?? [];
  const models = [...deployments.keys()];
  const undeployed = embeddingModels.filter(m => !deployments.has(m));
  if (undeployed.length) {
    throw new Error(
      `quantumlayer.llm.providers: azure-openai provider "${id}" lists embeddingModels without a deployment: ${undeployed.join(
        ', ',
      )}; add { model, deployment } entries for them`,
    );
  }
  return new OpenAiChatProvider({
    id,
    client,
    models: models.filter(m => !embeddingModels.includes(m)),
    embeddingModels,
    resolveModel: model => {
      const deployment = deployments.get(model);
      if (deployment === undefined) {
        throw new LlmProviderError({
          provider: id,
          message: `${id} has no deployment for model "${model}"; configured models: ${models.join(
            ', ',
          )}`,
          retryable: false,
        });
      }
      return deployment;
    },
  });
}
