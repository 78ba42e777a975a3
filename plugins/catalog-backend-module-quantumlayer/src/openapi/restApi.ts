import {
  EXAMPLE_GENERATE_REQUEST,
  workflowApiSchemas,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  componentSchemas,
  jsonRequestBody,
  jsonResponse,
  OpenApiDocument,
  OpenApiResponse,
  pathParameter,
  queryParameters,
  SECURITY_SCHEMES,
} from './openapi';
import {
  listPromptsQuerySchema,
  parseRequestSchema,
  renderPromptRequestSchema,
  restResponseSchemas,
} from './restSchemas';

const ERROR_TEXT: Record<string, string> = {
  '400': 'Invalid request; the message names each field',
  '401': 'No or invalid Backstage token',
  '403': 'Not permitted',
  '404': 'Not found',
  '409': 'Conflicts with the current state',
};

function errors(...codes: string[]): Record<string, OpenApiResponse> {
  return Object.fromEntries(
    codes.map(code => [code, jsonResponse(ERROR_TEXT[code], 'Error')]),
  );
}

const workflowId = pathParameter('id', 'Workflow id, e.g. ql-<uuid>');

/**
 * The plugin's REST API (workflows, artifacts, prompts, parser, health) as
 * OpenAPI 3.0; generate-extended's body is the zod schema the route
 * validates with.
 */
export function buildRestApiDocument(options: {
  serverUrl: string;
}): OpenApiDocument {
  return {
    openapi: '3.0.3',
    info: {
      title: 'QuantumLayer REST API',
      version: '1.0.0',
      description:
        'Start and follow generate-extended workflow runs, download their artifacts (QuantumDrop), render prompt templates and parse model output.',
    },
    servers: [{ url: options.serverUrl }],
    tags: [
      { name: 'workflows', description: 'generate-extended runs' },
      { name: 'artifacts', description: 'QuantumDrop' },
      { name: 'prompts', description: 'The meta-prompt engine' },
      { name: 'parser', description: 'Files and syntax verdicts' },
      { name: 'health', description: 'Liveness of the platform' },
    ],
    security: [{ backstageToken: [] }],
    paths: {
      '/v1/workflows/generate-extended': {
        post: {
          operationId: 'generateExtended',
          summary: 'Start a generate-extended workflow run',
          tags: ['workflows'],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'Makes the workflow id ql-<key>: a retried request joins the same run',
              schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,200}$' },
            },
          ],
          requestBody: jsonRequestBody(
            'GenerateRequest',
            EXAMPLE_GENERATE_REQUEST,
          ),
          responses: {
            '202': jsonResponse('Started', 'WorkflowStarted'),
            ...errors('400', '401', '403'),
          },
        },
      },
      '/v1/workflows': {
        get: {
          operationId: 'listWorkflows',
          summary: 'List runs, newest first',
          tags: ['workflows'],
          parameters: queryParameters(
            workflowApiSchemas['GET /v1/workflows'].query,
          ),
          responses: {
            '200': jsonResponse('One page of runs', 'WorkflowRunPage'),
            ...errors('400', '401', '403'),
          },
        },
      },
      '/v1/workflows/{id}': {
        get: {
          operationId: 'getWorkflow',
          summary: 'A run with its progress and result',
          tags: ['workflows'],
          parameters: [
            workflowId,
            ...queryParameters(
              workflowApiSchemas['GET /v1/workflows/{id}'].query,
            ),
          ],
          responses: {
            '200': jsonResponse('The run', 'WorkflowRunDetail'),
            ...errors('400', '401', '403', '404'),
          },
        },
      },
      '/v1/workflows/{id}/cancel': {
        post: {
          operationId: 'cancelWorkflow',
          summary: 'Ask a run to cancel',
          tags: ['workflows'],
          parameters: [workflowId],
          responses: {
            '202': jsonResponse('Cancellation requested', 'CancelRequested'),
            ...errors('401', '403', '404'),
          },
        },
      },
      '/v1/workflows/{id}/approval': {
        post: {
          operationId: 'decideApproval',
          summary: 'Approve or reject a run waiting at its approval gate',
          tags: ['workflows'],
          parameters: [workflowId],
          requestBody: jsonRequestBody('ApprovalRequest', {
            decision: 'approve',
          }),
          responses: {
            '200': jsonResponse('Decided', 'ApprovalDecided'),
            ...errors('400', '401', '403', '404', '409'),
          },
        },
      },
      '/v1/artifacts/{id}': {
        get: {
          operationId: 'getArtifact',
          summary: "An artifact's manifest",
          tags: ['artifacts'],
          parameters: [pathParameter('id', 'Artifact id (sha256)')],
          responses: {
            '200': jsonResponse('The artifact', 'Artifact'),
            ...errors('401', '403', '404'),
          },
        },
      },
      '/v1/prompts': {
        get: {
          operationId: 'listPrompts',
          summary: 'Prompt templates, newest version of each unless asked',
          tags: ['prompts'],
          parameters: queryParameters(listPromptsQuerySchema),
          responses: {
            '200': jsonResponse('Templates', 'PromptTemplateList'),
            ...errors('400', '401'),
          },
        },
      },
      '/v1/prompts/{id}/render': {
        post: {
          operationId: 'renderPrompt',
          summary: 'Preview a template rendered with variables',
          tags: ['prompts'],
          parameters: [pathParameter('id', 'Template id')],
          requestBody: jsonRequestBody('RenderPromptRequest', {
            variables: { prompt: 'Create a Python function' },
          }),
          responses: {
            '200': jsonResponse('The messages', 'RenderedPrompt'),
            ...errors('400', '401', '404'),
          },
        },
      },
      '/v1/parse': {
        post: {
          operationId: 'parse',
          summary:
            "Extract a model answer's files and syntax-check each with a real parser",
          tags: ['parser'],
          requestBody: jsonRequestBody('ParseRequest', {
            language: 'python',
            text: '```python\nprint("hi")\n```',
          }),
          responses: {
            '200': jsonResponse('Files with their verdicts', 'ParseResult'),
            ...errors('400', '401'),
          },
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Health of the platform and its dependencies',
          tags: ['health'],
          security: [],
          responses: {
            '200': jsonResponse('Up (ok or degraded)', 'HealthReport'),
            '503': jsonResponse('Down', 'HealthReport'),
          },
        },
      },
    },
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: componentSchemas({
        GenerateRequest:
          workflowApiSchemas['POST /v1/workflows/generate-extended'].body,
        ApprovalRequest:
          workflowApiSchemas['POST /v1/workflows/{id}/approval'].body,
        RenderPromptRequest: renderPromptRequestSchema,
        ParseRequest: parseRequestSchema,
        ...restResponseSchemas,
      }),
    },
  };
}
