import type { ApiEntity } from '@backstage/catalog-model';
import { buildOpenAiCompatibleApiDocument } from '../openapi/openAiCompatibleApi';
import { definitionText, OpenApiDocument } from '../openapi/openapi';
import { buildRestApiDocument } from '../openapi/restApi';
import {
  managedByAnnotations,
  OPENAI_COMPATIBLE_API_NAME,
  REST_API_NAME,
  SYSTEM_NAME,
} from './refs';
import type { PlatformTopology } from './types';

function api(
  t: PlatformTopology,
  name: string,
  description: string,
  document: OpenApiDocument,
): ApiEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name,
      title: document.info.title,
      description,
      annotations: managedByAnnotations(),
    },
    spec: {
      type: 'openapi',
      lifecycle: t.lifecycle,
      owner: t.owner,
      system: SYSTEM_NAME,
      definition: definitionText(document),
    },
  };
}

/** The REST API and the OpenAI-compatible gateway, with generated OpenAPI documents. */
export function buildApiEntities(t: PlatformTopology): ApiEntity[] {
  const serverUrl = t.apiBaseUrl;
  return [
    api(
      t,
      REST_API_NAME,
      'Workflow runs, artifacts, prompt templates, parsing and health',
      buildRestApiDocument({ serverUrl }),
    ),
    api(
      t,
      OPENAI_COMPATIBLE_API_NAME,
      'OpenAI- and Anthropic-compatible LLM gateway: chat completions, embeddings, models, messages',
      buildOpenAiCompatibleApiDocument({ serverUrl: t.routerApiBaseUrl }),
    ),
  ];
}
