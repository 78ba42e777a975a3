import type { ComponentEntity } from '@backstage/catalog-model';
import {
  apiRef,
  componentRef,
  managedByAnnotations,
  OPENAI_COMPATIBLE_API_NAME,
  resourceRef,
  REST_API_NAME,
  SYSTEM_NAME,
} from './refs';
import { llmProviderEntityName } from './resources';
import type { PlatformTopology } from './types';

/** The platform's services, as the seed deploys them. */
export const PLATFORM_COMPONENTS = [
  'api-gateway',
  'workflow-api',
  'llm-router',
  'agent-orchestrator',
  'meta-prompt-engine',
  'parser',
  'codegen-worker',
  'sandbox-worker',
] as const;

export type PlatformComponentName = (typeof PLATFORM_COMPONENTS)[number];

interface ComponentShape {
  title: string;
  description: string;
  type: string;
  providesApis?: string[];
  consumesApis?: string[];
  dependsOn: string[];
}

function shapes(
  t: PlatformTopology,
): Record<PlatformComponentName, ComponentShape> {
  const postgres = resourceRef(t.postgres.name);
  const redis = resourceRef(t.redis.name);
  const qdrant = resourceRef(t.qdrant.name);
  const temporal = resourceRef(t.temporal.name);
  return {
    'api-gateway': {
      title: 'API gateway',
      description:
        'Edge entry point: the OpenAI- and Anthropic-compatible LLM gateway; forwards the workflow REST API',
      type: 'service',
      providesApis: [apiRef(OPENAI_COMPATIBLE_API_NAME)],
      consumesApis: [apiRef(REST_API_NAME)],
      dependsOn: [
        componentRef('workflow-api'),
        componentRef('llm-router'),
        componentRef('agent-orchestrator'),
        componentRef('meta-prompt-engine'),
        componentRef('parser'),
      ],
    },
    'workflow-api': {
      title: 'Workflow API',
      description:
        'Starts, lists, cancels and approves generate-extended runs in Temporal; serves artifacts, prompts and parsing',
      type: 'service',
      providesApis: [apiRef(REST_API_NAME)],
      dependsOn: [
        temporal,
        postgres,
        componentRef('meta-prompt-engine'),
        componentRef('parser'),
      ],
    },
    'llm-router': {
      title: 'LLM router',
      description:
        'Routes model calls over the LLM providers: strategies, retries, fallback, circuit breaker, caches and budgets',
      type: 'service',
      dependsOn: [
        redis,
        qdrant,
        ...new Set(
          t.llmProviders.map(p => resourceRef(llmProviderEntityName(p.id))),
        ),
      ],
    },
    'agent-orchestrator': {
      title: 'Agent orchestrator',
      description:
        'Architect, coder, tester, reviewer and documenter agents on versioned prompt templates',
      type: 'service',
      dependsOn: [
        componentRef('llm-router'),
        componentRef('meta-prompt-engine'),
      ],
    },
    'meta-prompt-engine': {
      title: 'Meta-prompt engine',
      description:
        'Versioned prompt templates per agent, language and project type',
      type: 'service',
      dependsOn: [postgres],
    },
    parser: {
      title: 'Parser',
      description:
        'Extracts the files of a model answer and syntax-checks each with a real parser',
      type: 'service',
      dependsOn: [],
    },
    'codegen-worker': {
      title: 'Codegen worker',
      description:
        'Temporal worker running the 12-stage generate-extended workflow and its activities',
      type: 'worker',
      dependsOn: [
        temporal,
        componentRef('agent-orchestrator'),
        componentRef('parser'),
        postgres,
        qdrant,
      ],
    },
    'sandbox-worker': {
      title: 'Sandbox worker',
      description:
        'Temporal worker running generated tests in a bubblewrap sandbox, on its own task queue',
      type: 'worker',
      dependsOn: [temporal],
    },
  };
}

/** The eight platform Components, with their APIs and dependencies. */
export function buildComponentEntities(t: PlatformTopology): ComponentEntity[] {
  const all = shapes(t);
  return PLATFORM_COMPONENTS.map(name => {
    const shape = all[name];
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        title: shape.title,
        description: shape.description,
        annotations: managedByAnnotations(),
      },
      spec: {
        type: shape.type,
        lifecycle: t.lifecycle,
        owner: t.owner,
        system: SYSTEM_NAME,
        dependsOn: shape.dependsOn,
        ...(shape.providesApis && { providesApis: shape.providesApis }),
        ...(shape.consumesApis && { consumesApis: shape.consumesApis }),
      },
    };
  });
}
