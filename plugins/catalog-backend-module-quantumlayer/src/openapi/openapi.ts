import type { AnyZodObject, ZodTypeAny } from 'zod';
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

/**
 * A zod schema as an OpenAPI 3.0 schema object, inlined (no `$ref`s). Only
 * `.strict()` objects forbid other properties; the routes strip the rest.
 */
export function toOpenApiSchema(schema: ZodTypeAny): JsonSchema {
  const { $schema: _dialect, ...jsonSchema } = zodToJsonSchema(schema, {
    target: 'openApi3',
    $refStrategy: 'none',
    removeAdditionalStrategy: 'strict',
  }) as JsonSchema;
  return jsonSchema;
}

/** Turns named zod schemas into `components.schemas`. */
export function componentSchemas(
  schemas: Record<string, ZodTypeAny>,
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
