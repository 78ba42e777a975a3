import type { Config } from '@backstage/config';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { LlmProviderSummary, PlatformTopology } from './types';

const CATALOG = 'quantumlayer.catalog';

/** The offline provider the router adds when no other answers (or when asked to). */
const TEMPLATE_PROVIDER: LlmProviderSummary = {
  id: 'template',
  type: 'template',
  models: [],
};

const validator = makeValidator();

function entityName(value: string, key: string): string {
  if (!validator.isValidEntityName(value)) {
    throw new Error(
      `${key} "${value}" is not a valid entity name; use 1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`,
    );
  }
  return value;
}

function tryParseEntityRef(value: string) {
  try {
    return parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
}

function ownerRef(value: string): string {
  const ref = tryParseEntityRef(value);
  if (
    !ref ||
    !validator.isValidKind(ref.kind) ||
    !validator.isValidNamespace(ref.namespace) ||
    !validator.isValidEntityName(ref.name)
  ) {
    throw new Error(
      `${CATALOG}.owner "${value}" is not an entity ref; use e.g. group:default/platform`,
    );
  }
  return stringifyEntityRef(ref);
}

/**
 * Reads the LLM providers of `quantumlayer.llm.providers`: id (else type),
 * type and model names. Only these keys are read, so keys, tokens and
 * endpoints never reach an entity.
 */
export function readLlmProviders(config: Config): LlmProviderSummary[] {
  const entries =
    config.getOptionalConfigArray('quantumlayer.llm.providers') ?? [];
  const providers = entries.map(entry => {
    const type = entry.getString('type');
    const deployments = entry.getOptionalConfigArray('deployments') ?? [];
    const models = [
      ...(entry.getOptionalStringArray('models') ?? []),
      ...(entry.getOptionalStringArray('embeddingModels') ?? []),
      ...deployments.map(d => d.getString('model')),
    ];
    const legacyModel = entry.getOptionalString('model');
    if (legacyModel && !models.includes(legacyModel)) models.push(legacyModel);
    return { id: entry.getOptionalString('id') ?? type, type, models };
  });
  const useTemplate =
    config.getOptionalBoolean('quantumlayer.llm.templateFallback') ??
    providers.length === 0;
  if (useTemplate || providers.length === 0) providers.push(TEMPLATE_PROVIDER);
  return providers;
}

/** `quantumlayer.catalog` (and the platform's own keys it defaults from) → topology. */
export function readPlatformTopology(config: Config): PlatformTopology {
  const c = config.getOptionalConfig(CATALOG);
  const name = (key: string, fallback: string) =>
    entityName(c?.getOptionalString(key) ?? fallback, `${CATALOG}.${key}`);
  const backendBaseUrl = config.getOptionalString('backend.baseUrl');
  return {
    owner: ownerRef(c?.getOptionalString('owner') ?? 'group:default/platform'),
    lifecycle: c?.getOptionalString('lifecycle') ?? 'production',
    postgres: {
      name: name('postgres.name', 'quantumlayer-postgres'),
      cluster: c?.getOptionalString('postgres.cluster'),
    },
    redis: { name: name('redis.name', 'quantumlayer-redis') },
    qdrant: { name: name('qdrant.name', 'quantumlayer-qdrant') },
    temporal: {
      name: name('temporal.name', 'quantumlayer-temporal'),
      namespace:
        c?.getOptionalString('temporal.namespace') ??
        config.getOptionalString('quantumlayer.temporal.namespace') ??
        'default',
    },
    llmProviders: readLlmProviders(config),
    apiBaseUrl: `${backendBaseUrl?.replace(/\/+$/, '') ?? ''}/api/quantumlayer`,
    routerApiBaseUrl: `${
      backendBaseUrl?.replace(/\/+$/, '') ?? ''
    }/api/quantumlayer-router`,
  };
}
