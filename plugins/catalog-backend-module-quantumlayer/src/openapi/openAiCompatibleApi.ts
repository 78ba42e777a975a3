import {
  anthropicMessagesRequestSchema,
  openAiChatRequestSchema,
  openAiEmbeddingRequestSchema,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  componentSchemas,
  jsonRequestBody,
  JsonSchema,
  jsonResponse,
  OpenApiDocument,
  OpenApiResponse,
  schemaRef,
  SECURITY_SCHEMES,
} from './openapi';
import { gatewayResponseSchemas } from './gatewaySchemas';

function errors(schemaName: string): Record<string, OpenApiResponse> {
  const error = (description: string) => jsonResponse(description, schemaName);
  return {
    '400': error('Invalid request'),
    '401': error('No or invalid Backstage token'),
    '429': error('Rate limited upstream or budget exhausted'),
    '502': error('Every target of the alias failed'),
  };
}

/** JSON, or server-sent events when the body asks for `stream: true`. */
function jsonOrStream(
  description: string,
  schemaName: string,
): OpenApiResponse {
  return {
    description,
    content: {
      'application/json': { schema: schemaRef(schemaName) },
      'text/event-stream': {
        schema: {
          type: 'string',
          description: 'Server-sent events',
        } as JsonSchema,
      },
    },
  };
}

/**
 * The LLM gateway (OpenAI chat, embeddings and models, and Anthropic
 * messages) as OpenAPI 3.0; request bodies come from the zod schemas the
 * gateway validates with (quantumlayer-common), answers from this package's.
 */
export function buildOpenAiCompatibleApiDocument(options: {
  serverUrl: string;
}): OpenApiDocument {
  return {
    openapi: '3.0.3',
    info: {
      title: 'QuantumLayer LLM gateway (OpenAI-compatible)',
      version: '1.0.0',
      description:
        "OpenAI's and Anthropic's wire protocols in front of the LLM router: aliases, fallback, circuit breaker, caching and budgets. Point an OpenAI or Anthropic SDK at the server URL.",
    },
    servers: [{ url: options.serverUrl }],
    tags: [
      { name: 'openai', description: "OpenAI's wire protocol" },
      { name: 'anthropic', description: "Anthropic's wire protocol" },
    ],
    security: [{ backstageToken: [] }],
    paths: {
      '/v1/chat/completions': {
        post: {
          operationId: 'createChatCompletion',
          summary: 'Chat completion through the router',
          tags: ['openai'],
          requestBody: jsonRequestBody('ChatCompletionRequest', {
            model: 'default',
            messages: [{ role: 'user', content: 'Say hello' }],
          }),
          responses: {
            '200': jsonOrStream('The completion', 'ChatCompletion'),
            ...errors('OpenAiError'),
          },
        },
      },
      '/v1/embeddings': {
        post: {
          operationId: 'createEmbedding',
          summary: 'Embeddings through the router',
          tags: ['openai'],
          requestBody: jsonRequestBody('EmbeddingRequest', {
            model: 'local-embedder/hash-256',
            input: 'a python function that adds two numbers',
          }),
          responses: {
            '200': jsonResponse('The vectors', 'EmbeddingList'),
            ...errors('OpenAiError'),
          },
        },
      },
      '/v1/models': {
        get: {
          operationId: 'listModels',
          summary: 'The model aliases callers may name',
          tags: ['openai'],
          responses: {
            '200': jsonResponse('Aliases', 'ModelList'),
            '401': jsonResponse('No or invalid Backstage token', 'OpenAiError'),
          },
        },
      },
      '/v1/messages': {
        post: {
          operationId: 'createMessage',
          summary: "Anthropic's messages API through the router",
          tags: ['anthropic'],
          requestBody: jsonRequestBody('MessagesRequest', {
            model: 'default',
            max_tokens: 256,
            messages: [{ role: 'user', content: 'Say hello' }],
          }),
          responses: {
            '200': jsonOrStream('The message', 'Message'),
            ...errors('AnthropicError'),
          },
        },
      },
    },
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: componentSchemas({
        ChatCompletionRequest: openAiChatRequestSchema,
        EmbeddingRequest: openAiEmbeddingRequestSchema,
        MessagesRequest: anthropicMessagesRequestSchema,
        ...gatewayResponseSchemas,
      }),
    },
  };
}
