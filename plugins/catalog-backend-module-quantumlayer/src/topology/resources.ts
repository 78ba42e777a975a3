import type { ResourceEntity } from '@backstage/catalog-model';
import {
  HEALTH_CHECK_ANNOTATION,
  managedByAnnotations,
  SYSTEM_NAME,
} from './refs';
import type { LlmProviderSummary, PlatformTopology } from './types';

/**
 * The Resource name of an LLM provider: `llm-<id>`, lower-cased, with
 * anything but letters and digits turned into `-`, at most 63 characters.
 */
export function llmProviderEntityName(id: string): string {
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `llm-${slug || 'provider'}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * The backend's health checks (`GET /health/details`) by the Resource they
 * watch. Every LLM provider is behind the router, so each one's Resource
 * shows the `llmRouter` check.
 */
const HEALTH_CHECKS = {
  postgres: 'database',
  temporal: 'temporal',
  redis: 'redis',
  qdrant: 'vectorStore',
  llmProvider: 'llmRouter',
} as const;

function resource(
  t: PlatformTopology,
  name: string,
  type: string,
  meta: {
    title: string;
    description: string;
    healthCheck: (typeof HEALTH_CHECKS)[keyof typeof HEALTH_CHECKS];
    annotations?: Record<string, string>;
  },
): ResourceEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: meta.title,
      description: meta.description,
      annotations: {
        ...managedByAnnotations(),
        [HEALTH_CHECK_ANNOTATION]: meta.healthCheck,
        ...meta.annotations,
      },
    },
    spec: { type, owner: t.owner, system: SYSTEM_NAME },
  };
}

function llmProviderResource(
  t: PlatformTopology,
  p: LlmProviderSummary,
): ResourceEntity {
  const models = p.models.length > 0 ? `; models ${p.models.join(', ')}` : '';
  return resource(t, llmProviderEntityName(p.id), 'llm-provider', {
    title: `LLM provider ${p.id}`,
    description: `LLM provider "${p.id}" of type ${p.type}${models}`,
    healthCheck: HEALTH_CHECKS.llmProvider,
    annotations: {
      'quantumlayer.io/llm-provider-id': p.id,
      'quantumlayer.io/llm-provider-type': p.type,
      ...(p.models.length > 0 && {
        'quantumlayer.io/llm-models': p.models.join(','),
      }),
    },
  });
}

/**
 * PostgreSQL, Redis, Qdrant, the Temporal namespace and one Resource per LLM
 * provider (two providers whose ids give the same name make one Resource).
 */
export function buildResourceEntities(t: PlatformTopology): ResourceEntity[] {
  const cluster = t.postgres.cluster;
  const infrastructure = [
    resource(t, t.postgres.name, 'database', {
      title: 'PostgreSQL',
      description: `PostgreSQL cluster${
        cluster ? ` (CloudNativePG ${cluster})` : ''
      }: QuantumDrop artifacts, prompt templates, usage ledger`,
      healthCheck: HEALTH_CHECKS.postgres,
      annotations: cluster ? { 'quantumlayer.io/cnpg-cluster': cluster } : {},
    }),
    resource(t, t.redis.name, 'cache', {
      title: 'Redis',
      description:
        'Shared router state: circuit breaker, response cache and budgets',
      healthCheck: HEALTH_CHECKS.redis,
    }),
    resource(t, t.qdrant.name, 'vector-database', {
      title: 'Qdrant',
      description:
        'Vector store: retrieval index of earlier artifacts and the semantic cache',
      healthCheck: HEALTH_CHECKS.qdrant,
    }),
    resource(t, t.temporal.name, 'temporal-namespace', {
      title: `Temporal namespace ${t.temporal.namespace}`,
      description: `Temporal namespace "${t.temporal.namespace}" running the generate-extended workflows`,
      healthCheck: HEALTH_CHECKS.temporal,
      annotations: {
        'quantumlayer.io/temporal-namespace': t.temporal.namespace,
      },
    }),
  ];
  const seen = new Set(infrastructure.map(r => r.metadata.name));
  const providers: ResourceEntity[] = [];
  for (const p of t.llmProviders) {
    const entity = llmProviderResource(t, p);
    if (!seen.has(entity.metadata.name)) {
      seen.add(entity.metadata.name);
      providers.push(entity);
    }
  }
  return [...infrastructure, ...providers];
}
