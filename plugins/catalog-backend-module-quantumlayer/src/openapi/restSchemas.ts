import { z } from 'zod';
import {
  CODEGEN_STAGES,
  SUPPORTED_LANGUAGES,
  WORKFLOW_RUN_STATUSES,
} from '@internal/backstage-plugin-quantumlayer-common';

/*
 * The shapes of the REST API besides the workflow routes' requests (which
 * come from quantumlayer-common's workflowApiSchemas), for its OpenAPI document. They follow the
 * backend's routes; responses list the fields clients rely on.
 */

const AGENTS = [
  'architect',
  'coder',
  'tester',
  'reviewer',
  'documenter',
] as const;

export const listPromptsQuerySchema = z.object({
  agent: z.enum(AGENTS).optional(),
  language: z
    .string()
    .regex(/^[a-z*]{1,32}$/)
    .optional()
    .describe(`e.g. ${SUPPORTED_LANGUAGES.join(', ')} or *`),
  type: z
    .string()
    .regex(/^[a-z*]{1,32}$/)
    .optional(),
  all_versions: z.enum(['true', 'false']).optional(),
});

export const renderPromptRequestSchema = z
  .object({
    version: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Default: the newest version'),
    variables: z.record(z.unknown()).default({}),
  })
  .strict();

export const parseRequestSchema = z
  .object({
    language: z
      .string()
      .regex(/^[A-Za-z0-9+#._-]{1,40}$/)
      .describe('e.g. python'),
    text: z
      .string()
      .optional()
      .describe('A model answer with fenced code blocks (or give files)'),
    files: z
      .array(z.object({ path: z.string(), content: z.string() }).strict())
      .min(1)
      .optional()
      .describe('The files to check (or give text)'),
  })
  .strict();

const runSummary = z.object({
  workflow_id: z.string(),
  run_id: z.string(),
  status: z.enum(WORKFLOW_RUN_STATUSES),
  current_stage: z.enum([...CODEGEN_STAGES, 'done']).nullable(),
  start_time: z.string().nullable(),
  close_time: z.string().nullable(),
  owner: z
    .string()
    .nullable()
    .optional()
    .describe('Who started the run (null: not recorded)'),
  group: z
    .string()
    .nullable()
    .optional()
    .describe("The catalog group the run's LLM calls are charged to"),
});

/** Response schemas, by component name. */
export const restResponseSchemas = {
  WorkflowStarted: z.object({ workflow_id: z.string(), run_id: z.string() }),
  WorkflowRunSummary: runSummary,
  WorkflowRunPage: z.object({
    items: z.array(runSummary),
    next_page_token: z.string().nullable(),
  }),
  WorkflowRunDetail: runSummary.extend({
    progress: z.record(z.unknown()).nullable(),
    result: z.record(z.unknown()).nullable(),
    error: z.string().nullable(),
    temporal_ui_url: z.string(),
  }),
  CancelRequested: z.object({
    workflow_id: z.string(),
    cancel_requested: z.literal(true),
  }),
  ApprovalDecided: z.object({
    workflow_id: z.string(),
    approval: z.record(z.unknown()),
  }),
  Artifact: z.object({
    id: z.string(),
    workflow_id: z.string(),
    total_size: z.number().int(),
    manifest: z.record(z.unknown()),
  }),
  PromptTemplateList: z.object({
    items: z.array(
      z.object({
        id: z.string(),
        version: z.number().int(),
        agent: z.enum(AGENTS),
        language: z.string(),
        type: z.string(),
        description: z.string().optional(),
        variables: z.array(z.unknown()).optional(),
      }),
    ),
  }),
  RenderedPrompt: z.object({
    id: z.string(),
    version: z.number().int(),
    messages: z.array(
      z.object({ role: z.enum(['system', 'user']), content: z.string() }),
    ),
  }),
  ParseResult: z.object({
    ok: z.boolean(),
    files: z.array(z.record(z.unknown())),
    problems: z.array(z.unknown()),
  }),
  HealthReport: z
    .object({ status: z.enum(['ok', 'degraded', 'down']) })
    .passthrough(),
  Error: z.object({
    error: z.object({ name: z.string(), message: z.string() }),
    request: z.object({ method: z.string(), url: z.string() }).optional(),
    response: z.object({ statusCode: z.number().int() }),
  }),
};
