import { z } from 'zod';
import { generateRequestSchema } from './request';

/**
 * Longest a `GET /v1/workflows/:id?wait_ms=` long-poll may hold the request.
 *
 * @public
 */
export const MAX_WORKFLOW_WAIT_MS = 30_000;

/**
 * The query of `GET /v1/workflows/:id`, the one definition the backend
 * validates with and the catalog's OpenAPI document is generated from.
 *
 * @public
 */
export const workflowDetailQuerySchema = z.object({
  wait_ms: z.coerce
    .number({ invalid_type_error: 'wait_ms must be a number of milliseconds' })
    .int('wait_ms must be a whole number of milliseconds')
    .min(0, 'wait_ms must be at least 0')
    .max(
      MAX_WORKFLOW_WAIT_MS,
      `wait_ms must be at most ${MAX_WORKFLOW_WAIT_MS}; call again to wait longer`,
    )
    .default(0)
    .describe(
      'Long-poll: answer once the run closes, or after this many milliseconds with its progress then (0 to 30000)',
    ),
});

/**
 * The statuses `GET /v1/workflows?status=` filters on.
 *
 * @public
 */
export const LISTABLE_RUN_STATUSES = [
  'running',
  'completed',
  'failed',
  'cancelled',
  'terminated',
  'timed_out',
] as const;

/**
 * Every status the workflow API reports for a run.
 *
 * @public
 */
export const WORKFLOW_RUN_STATUSES = [
  ...LISTABLE_RUN_STATUSES,
  'continued_as_new',
  'unknown',
] as const;

/**
 * A status `GET /v1/workflows?status=` filters on.
 *
 * @public
 */
export type ListableRunStatus = (typeof LISTABLE_RUN_STATUSES)[number];

/**
 * The query of `GET /v1/workflows`.
 *
 * @public
 */
export const listWorkflowsQuerySchema = z.object({
  status: z
    .enum(LISTABLE_RUN_STATUSES, {
      errorMap: () => ({
        message: `status must be one of ${LISTABLE_RUN_STATUSES.join(', ')}`,
      }),
    })
    .optional()
    .describe('Only runs in this state'),
  owner: z
    .string()
    .min(1)
    .max(300)
    .optional()
    .describe(
      'Only runs started by this principal (a user entity ref or a service subject)',
    ),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
  page_token: z
    .string()
    .max(4096)
    .optional()
    .describe('next_page_token of the previous page'),
});

/**
 * The body of `POST /v1/workflows/:id/approval`: approve or reject a run
 * waiting at its approval gate.
 *
 * @public
 */
export const approvalRequestSchema = z
  .object({
    decision: z.enum(['approve', 'reject'], {
      errorMap: () => ({ message: 'decision must be approve or reject' }),
    }),
    reason: z.string().max(2000).optional(),
  })
  .strict();

/**
 * What each workflow route validates, by method and path: the backend
 * parses with these very schemas, and the catalog module's OpenAPI
 * document is generated from them (its test fails on a route here that
 * the document does not describe field by field).
 *
 * @public
 */
export const workflowApiSchemas = {
  'POST /v1/workflows/generate-extended': { body: generateRequestSchema },
  'GET /v1/workflows': { query: listWorkflowsQuerySchema },
  'GET /v1/workflows/{id}': { query: workflowDetailQuerySchema },
  'POST /v1/workflows/{id}/approval': { body: approvalRequestSchema },
} as const;
