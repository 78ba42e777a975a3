import {
  anthropicMessagesRequestSchema,
  generateRequestSchema,
  openAiChatRequestSchema,
  workflowApiSchemas,
  openAiEmbeddingRequestSchema,
} from '@internal/backstage-plugin-quantumlayer-common';
import { buildOpenAiCompatibleApiDocument } from './openAiCompatibleApi';
import { JsonSchema, OpenApiDocument, toOpenApiSchema } from './openapi';
import { buildRestApiDocument } from './restApi';

const serverUrl = 'http://localhost:7007/api/quantumlayer';

/** Every `$ref` in the document, so each can be checked to resolve. */
function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) =>
      key === '$ref' && typeof v === 'string' ? [v] : refsOf(v),
    );
  }
  return [];
}

/** The OpenAPI 3.0 rules these documents must follow. */
function structuralProblems(doc: OpenApiDocument): string[] {
  const problems: string[] = [];
  if (!/^3\.0\.\d+$/.test(doc.openapi)) problems.push(`openapi ${doc.openapi}`);
  if (!doc.info.title || !doc.info.version) problems.push('info');
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/')) problems.push(`${path}: must start with /`);
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map(m => m[1]);
    for (const [method, op] of Object.entries(item)) {
      if (!op) continue;
      if (operationIds.has(op.operationId))
        problems.push(`${op.operationId} twice`);
      operationIds.add(op.operationId);
      if (Object.keys(op.responses).length === 0)
        problems.push(`${method} ${path}: no responses`);
      const inPath = (op.parameters ?? [])
        .filter(p => p.in === 'path')
        .map(p => p.name);
      if (inPath.sort().join() !== [...templated].sort().join())
        problems.push(`${method} ${path}: path parameters ${inPath}`);
      for (const p of op.parameters ?? []) {
        if (p.in === 'path' && !p.required)
          problems.push(`${method} ${path}: ${p.name} must be required`);
      }
    }
  }
  for (const ref of refsOf(doc)) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    if (!name || !doc.components.schemas[name])
      problems.push(`dangling ${ref}`);
  }
  const text = JSON.stringify(doc);
  if (text.includes('"$schema"')) problems.push('$schema is not OpenAPI 3.0');
  if (text.includes('#/definitions')) problems.push('JSON Schema definitions');
  if (text.includes('"const":')) problems.push('const is not OpenAPI 3.0');
  if (text.includes('"type":"null"')) problems.push('type null is not 3.0');
  if (text.includes('"propertyNames"')) problems.push('propertyNames');
  if (/"exclusive(Min|Max)imum":\d/.test(text))
    problems.push('numeric exclusiveMinimum/exclusiveMaximum');
  return problems;
}

const bodyExample = (doc: OpenApiDocument, path: string): unknown =>
  doc.paths[path].post?.requestBody?.content['application/json'].example;

const bodySchema = (doc: OpenApiDocument, path: string): JsonSchema => {
  const ref = doc.paths[path].post?.requestBody?.content['application/json']
    .schema.$ref as string;
  return doc.components.schemas[ref.split('/').pop()!];
};

describe('buildRestApiDocument', () => {
  const doc = buildRestApiDocument({ serverUrl });

  it('is OpenAPI 3.0 with every endpoint of the REST API', () => {
    expect(structuralProblems(doc)).toEqual([]);
    expect(doc.servers).toEqual([{ url: serverUrl }]);
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map(method => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'POST /v1/workflows/generate-extended',
        'GET /v1/workflows',
        'GET /v1/workflows/{id}',
        'POST /v1/workflows/{id}/cancel',
        'POST /v1/workflows/{id}/approval',
        'GET /v1/artifacts/{id}',
        'GET /v1/prompts',
        'POST /v1/prompts/{id}/render',
        'POST /v1/parse',
        'GET /health',
      ].sort(),
    );
    expect(doc.paths['/health'].get?.security).toEqual([]);
  });

  it("derives generate-extended's body from the zod schema the route validates with", () => {
    const schema = bodySchema(doc, '/v1/workflows/generate-extended');
    expect(schema).toEqual(toOpenApiSchema(generateRequestSchema));
    expect(schema).toMatchObject({
      type: 'object',
      required: ['prompt', 'language', 'type', 'requirements'],
      additionalProperties: false,
      properties: {
        language: { enum: ['python', 'typescript', 'javascript', 'go'] },
        generate_tests: { type: 'boolean', default: true },
        requirements: {
          properties: {
            project_name: {
              type: 'string',
              pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$',
            },
          },
        },
      },
    });
    const example =
      doc.paths['/v1/workflows/generate-extended'].post?.requestBody?.content[
        'application/json'
      ].example;
    expect(generateRequestSchema.safeParse(example).success).toBe(true);
  });

  it('documents the query parameters, bodies and errors of the other routes', () => {
    expect(
      doc.paths['/v1/workflows'].get?.parameters?.map(p => [
        p.name,
        p.in,
        p.required,
      ]),
    ).toEqual([
      ['status', 'query', false],
      ['owner', 'query', false],
      ['page_size', 'query', false],
      ['page_token', 'query', false],
    ]);
    expect(
      doc.paths['/v1/workflows/{id}'].get?.parameters?.find(
        p => p.name === 'wait_ms',
      ),
    ).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 0, maximum: 30000 },
    });
    expect(bodySchema(doc, '/v1/workflows/{id}/approval')).toMatchObject({
      required: ['decision'],
      properties: { decision: { enum: ['approve', 'reject'] } },
    });
    expect(bodySchema(doc, '/v1/parse')).toMatchObject({
      required: ['language'],
      properties: { files: { type: 'array', minItems: 1 } },
    });
    expect(
      Object.keys(doc.paths['/v1/workflows/{id}/approval'].post!.responses),
    ).toEqual(['200', '400', '401', '403', '404', '409']);
  });
});

describe('the workflow routes against their document', () => {
  const doc = buildRestApiDocument({ serverUrl });
  const contract = Object.entries(workflowApiSchemas) as Array<
    [string, { query?: { shape: object }; body?: { shape: object } }]
  >;
  const operationOf = (route: string) => {
    const [method, path] = route.split(' ');
    return {
      path,
      operation: doc.paths[path]?.[method.toLowerCase() as 'get' | 'post'],
    };
  };
  const queries = contract.flatMap(([route, { query }]) =>
    query ? [[route, Object.keys(query.shape).sort()] as const] : [],
  );
  const bodies = contract.flatMap(([route, { body }]) =>
    body ? [[route, Object.keys(body.shape).sort()] as const] : [],
  );

  it.each(queries)(
    '%s: every query field the route accepts is documented',
    (route, fields) => {
      const documented = (operationOf(route).operation?.parameters ?? [])
        .filter(p => p.in === 'query')
        .map(p => p.name)
        .sort();
      expect(documented).toEqual(fields);
    },
  );

  it.each(bodies)(
    '%s: every body field the route accepts is documented',
    (route, fields) => {
      const { path } = operationOf(route);
      expect(
        Object.keys(bodySchema(doc, path).properties ?? {}).sort(),
      ).toEqual(fields);
    },
  );

  it('describes no workflow route with a query or body outside the contract', () => {
    const described = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/workflows'))
      .flatMap(([path, item]) =>
        Object.entries(item)
          .filter(
            ([, op]) =>
              op?.requestBody || op?.parameters?.some(p => p.in === 'query'),
          )
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(described).toEqual(Object.keys(workflowApiSchemas).sort());
  });
});

describe('buildOpenAiCompatibleApiDocument', () => {
  const doc = buildOpenAiCompatibleApiDocument({ serverUrl });

  it('is OpenAPI 3.0 with the gateway endpoints', () => {
    expect(structuralProblems(doc)).toEqual([]);
    expect(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map(method => `${method.toUpperCase()} ${path}`),
      ),
    ).toEqual([
      'POST /v1/chat/completions',
      'POST /v1/embeddings',
      'GET /v1/models',
      'POST /v1/messages',
    ]);
  });

  it('documents the request bodies from the zod schemas the gateway validates with', () => {
    const bodies = {
      '/v1/chat/completions': openAiChatRequestSchema,
      '/v1/embeddings': openAiEmbeddingRequestSchema,
      '/v1/messages': anthropicMessagesRequestSchema,
    };
    for (const [path, schema] of Object.entries(bodies)) {
      expect(bodySchema(doc, path)).toEqual(toOpenApiSchema(schema));
      expect(schema.safeParse(bodyExample(doc, path)).success).toBe(true);
    }
    expect(bodySchema(doc, '/v1/chat/completions')).toMatchObject({
      type: 'object',
      required: ['model', 'messages'],
      properties: {
        model: {
          type: 'string',
          minLength: 1,
          description: expect.any(String),
        },
        messages: {
          type: 'array',
          minItems: 1,
          items: {
            anyOf: [
              {
                required: ['role'],
                properties: { role: { enum: ['system'] } },
              },
              { properties: { role: { enum: ['developer'] } } },
              { properties: { role: { enum: ['user'] } } },
              {
                properties: {
                  role: { enum: ['assistant'] },
                  tool_calls: { type: 'array', nullable: true },
                },
              },
              {
                required: ['role', 'tool_call_id'],
                properties: { role: { enum: ['tool'] } },
              },
            ],
          },
        },
        // OpenAI's SDKs send null for unset fields: the gateway accepts it
        temperature: { type: 'number', minimum: 0, maximum: 2, nullable: true },
        max_tokens: {
          type: 'integer',
          minimum: 0,
          exclusiveMinimum: true,
          nullable: true,
        },
        n: { enum: [1], nullable: true },
        stream: { type: 'boolean', nullable: true },
      },
    });
    // SDKs send fields the gateway ignores: extra properties are allowed
    expect(bodySchema(doc, '/v1/chat/completions')).toHaveProperty(
      'additionalProperties',
      true,
    );
    expect(bodySchema(doc, '/v1/messages')).toMatchObject({
      required: ['model', 'max_tokens', 'messages'],
      properties: {
        temperature: { type: 'number', minimum: 0, maximum: 1 },
        messages: {
          items: {
            properties: { role: { enum: ['user', 'assistant'] } },
          },
        },
        tool_choice: { anyOf: expect.any(Array) },
      },
    });
    expect(bodySchema(doc, '/v1/embeddings')).toMatchObject({
      required: ['model', 'input'],
      properties: {
        input: {
          anyOf: [
            { type: 'string', minLength: 1 },
            { type: 'array', minItems: 1, maxItems: 2048 },
          ],
        },
        encoding_format: { enum: ['float', 'base64'], nullable: true },
      },
    });
  });

  it('answers with JSON, or server-sent events when asked to stream', () => {
    for (const path of ['/v1/chat/completions', '/v1/messages']) {
      expect(
        Object.keys(doc.paths[path].post!.responses['200'].content!),
      ).toEqual(['application/json', 'text/event-stream']);
    }
  });
});
