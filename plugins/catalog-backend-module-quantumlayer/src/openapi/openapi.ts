import type { AnyZodObject, ZodTypeAny } from 'zod';
import { toJSONSchema, type ZodType as ZodV4Type } from 'zod/v4';
import { zodToJsonSchema } from 'zod-to-json-schema';

/** A JSON Schema object in the OpenAPI 3.0 dialect. */
export type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiResponse {
  description: string;
  content?: Record<string, { schema: JsonSchema; example?: unknown }>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: OpenApiParameter[];
  requestBody?: {
    required: boolean;
    content: Record<string, { schema: JsonSchema; example?: unknown }>;
  };
  responses: Record<string, OpenApiResponse>;
}

/** The part of OpenAPI 3.0 these documents use. */
export interface OpenApiDocument {
  openapi: '3.0.3';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description?: string }>;
  tags: Array<{ name: string; description: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, { get?: OpenApiOperation; post?: OpenApiOperation }>;
  components: {
    securitySchemes: Record<string, JsonSchema>;
    schemas: Record<string, JsonSchema>;
  };
}

/** Backstage service or user tokens, as the plugin's routes expect. */
export const SECURITY_SCHEMES: Record<string, JsonSchema> = {
  backstageToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'A Backstage user or service token',
  },
};

/** A zod 3 schema (the REST routes') or a zod 4 one (the gateway's). */
export type AnyZodSchema = ZodTypeAny | ZodV4Type;

/**
 * A zod schema as an OpenAPI 3.0 schema object, inlined (no `$ref`s). Only
 * `.strict()` objects forbid other properties; the routes strip the rest.
 */
export function toOpenApiSchema(schema: AnyZodSchema): JsonSchema {
  if ('_zod' in schema) {
    return zodV4ToOpenApiSchema(schema);
  }
  const { $schema: _dialect, ...jsonSchema } = zodToJsonSchema(schema, {
    target: 'openApi3',
    $refStrategy: 'none',
    removeAdditionalStrategy: 'strict',
  }) as JsonSchema;
  return jsonSchema;
}

/**
 * zod 4's own converter, for the request shapes the gateway accepts. The
 * installed zod (3.25, whose `zod/v4` has only the draft-7 and 2020-12
 * targets) has no `openapi-3.0` target yet, so draft-7 output is rewritten
 * into 3.0 the way that target does it.
 */
function zodV4ToOpenApiSchema(schema: ZodV4Type): JsonSchema {
  const { $schema: _dialect, ...jsonSchema } = toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    reused: 'inline',
  }) as JsonSchema;
  return draft7ToOpenApi30(jsonSchema);
}

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `additionalProperties`: a schema stays one; otherwise allowed unless `false`. */
function otherProperties(value: unknown): JsonSchema | boolean {
  if (isSchema(value) && Object.keys(value).length > 0) {
    return draft7ToOpenApi30(value);
  }
  return value !== false;
}

/**
 * Draft-7 keywords OpenAPI 3.0 lacks, rewritten: `const` becomes a one-value
 * `enum`, `anyOf [x, {type: null}]` becomes `x` with `nullable`, numeric
 * `exclusiveMinimum`/`exclusiveMaximum` become the boolean forms, and
 * `propertyNames` goes. Objects that do not say otherwise allow other
 * properties, as `toOpenApiSchema` writes them for zod 3.
 */
function draft7ToOpenApi30(schema: JsonSchema): JsonSchema {
  const {
    const: constant,
    anyOf,
    exclusiveMinimum,
    exclusiveMaximum,
    propertyNames: _propertyNames,
    properties,
    items,
    additionalProperties,
    ...rest
  } = schema;
  let out: JsonSchema = { ...rest };
  if (constant !== undefined) out.enum = [constant];
  if (typeof exclusiveMinimum === 'number') {
    out.minimum = exclusiveMinimum;
    out.exclusiveMinimum = true;
  }
  if (typeof exclusiveMaximum === 'number') {
    out.maximum = exclusiveMaximum;
    out.exclusiveMaximum = true;
  }
  if (isSchema(properties)) {
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([k, v]) => [
        k,
        draft7ToOpenApi30(v as JsonSchema),
      ]),
    );
  }
  if (isSchema(items)) out.items = draft7ToOpenApi30(items);
  if (additionalProperties !== undefined || out.type === 'object') {
    out.additionalProperties = otherProperties(additionalProperties);
  }
  if (Array.isArray(anyOf)) {
    const options = (anyOf as JsonSchema[]).filter(o => o.type !== 'null');
    const converted = options.map(draft7ToOpenApi30);
    const nullable = options.length < anyOf.length;
    out =
      nullable && converted.length === 1
        ? { ...converted[0], ...out, nullable: true }
        : { ...out, anyOf: converted, ...(nullable && { nullable: true }) };
  }
  return out;
}

/** Turns named zod schemas into `components.schemas`. */
export function componentSchemas(
  schemas: Record<string, AnyZodSchema>,
): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(schemas).map(([name, s]) => [name, toOpenApiSchema(s)]),
  );
}

export const schemaRef = (name: string): JsonSchema => ({
  $ref: `#/components/schemas/${name}`,
});

/** A JSON request body of the named component schema. */
export function jsonRequestBody(schemaName: string, example?: unknown) {
  return {
    required: true,
    content: {
      'application/json': {
        schema: schemaRef(schemaName),
        ...(example !== undefined && { example }),
      },
    },
  };
}

/** A JSON response of the named component schema. */
export function jsonResponse(
  description: string,
  schemaName: string,
): OpenApiResponse {
  return {
    description,
    content: { 'application/json': { schema: schemaRef(schemaName) } },
  };
}

/** One query parameter per property of a zod object; optional ones not required. */
export function queryParameters(schema: AnyZodObject): OpenApiParameter[] {
  return Object.entries(schema.shape as Record<string, ZodTypeAny>).map(
    ([name, property]) => ({
      name,
      in: 'query' as const,
      required: !property.isOptional(),
      ...(property.description && { description: property.description }),
      schema: toOpenApiSchema(property),
    }),
  );
}

export function pathParameter(
  name: string,
  description: string,
): OpenApiParameter {
  return {
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string' },
  };
}

/** The document as `spec.definition` text (JSON, which is also YAML). */
export function definitionText(document: OpenApiDocument): string {
  return JSON.stringify(document, null, 2);
}
