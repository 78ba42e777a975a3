import { z } from 'zod';

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
