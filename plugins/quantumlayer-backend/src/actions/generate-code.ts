import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  MAX_APPROVAL_SECONDS,
  MAX_PROMPT_BYTES,
  SUPPORTED_LANGUAGES,
  SUPPORTED_TYPES,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  IDEMPOTENCY_KEY_RULE,
  startWorkflow,
} from '../service/operations/workflow-operations';
import type { QuantumlayerActionsContext } from './action-context';
import { describingIssues } from '@internal/backstage-plugin-quantumlayer-node';
import { runLinks } from './run-links';

/**
 * `generate-code`: starts a durable generate-extended run, as
 * `POST /v1/workflows/generate-extended` does. Idempotent on the caller's
 * own key: their same key with the same input answers with the same run,
 * with another input it is a ConflictError.
 */
export function registerGenerateCodeAction(
  registry: ActionsRegistryService,
  ctx: QuantumlayerActionsContext,
) {
  registry.register({
    name: 'generate-code',
    title: 'Generate code with QuantumLayer',
    description: `Starts a durable QuantumLayer code-generation workflow (generate-extended: plan, code, tests run in a sandbox, repair loop, review, docs) for a small project in one language, and returns at once with its workflow id, run id and links; it does not wait for the code.
Use it when you need a new, tested project (function, class, CLI or API) written from a plain-language prompt. Follow the run with get-workflow (waitSeconds to wait for it), then read the files with get-artifact using result.artifactId.
Pass idempotencyKey (${IDEMPOTENCY_KEY_RULE}) so a retried call answers with the same run instead of starting a second one; keys are yours alone (the workflow id is "ql-<idempotencyKey>.<16 hex digits for you>"), and the same key with a different input is refused with a ConflictError: use a new key for a new request.
Set approval.required to make the run wait after review for approve-workflow. The run's LLM calls are charged to you and your team's budget. Needs quantumlayer.workflow.create.`,
    attributes: { readOnly: false, destructive: false, idempotent: true },
    schema: {
      input: z =>
        describingIssues(
          'generate-code',
          z
            .object({
              prompt: z
                .string()
                .min(1)
                .max(MAX_PROMPT_BYTES)
                .describe(
                  `What to build, in plain words (at most ${MAX_PROMPT_BYTES} bytes of UTF-8)`,
                ),
              language: z
                .enum(SUPPORTED_LANGUAGES)
                .describe('Language of the generated project'),
              type: z
                .enum(SUPPORTED_TYPES)
                .describe('Kind of project: function, class, cli or api'),
              generate_tests: z
                .boolean()
                .optional()
                .describe('Generate unit tests and run them (default true)'),
              requirements: z
                .object({
                  project_name: z
                    .string()
                    .max(64)
                    .describe(
                      'Project name: a letter, then letters, digits, "_" or "-" (at most 64)',
                    ),
                })
                .strict(),
              approval: z
                .object({
                  required: z
                    .boolean()
                    .describe('Wait after review for approve-workflow'),
                  timeout_seconds: z
                    .number()
                    .int()
                    .min(1)
                    .max(MAX_APPROVAL_SECONDS)
                    .optional()
                    .describe(
                      'How long the run waits for a decision (default 86400); it stops when nobody decides',
                    ),
                })
                .strict()
                .optional(),
              idempotencyKey: z
                .string()
                .regex(/^[A-Za-z0-9._:-]{1,200}$/, IDEMPOTENCY_KEY_RULE)
                .optional()
                .describe(
                  'Your key for this request: your same key with the same input answers with the same run; with another input it is refused',
                ),
            })
            .strict(),
        ),
      output: z =>
        z.object({
          workflowId: z.string().describe('Pass to get-workflow'),
          runId: z.string(),
          links: z.object({
            api: z.string().describe('REST resource of the run'),
            portal: z
              .string()
              .optional()
              .describe('The run page in the Backstage portal'),
            temporalUi: z.string().describe("The run in Temporal's UI"),
          }),
        }),
    },
    action: async ({ input, credentials }) => {
      const { idempotencyKey, ...body } = input;
      const started = await startWorkflow(ctx, credentials, body, {
        idempotencyKey,
      });
      return {
        output: {
          workflowId: started.workflowId,
          runId: started.runId,
          links: await runLinks(ctx, started.workflowId),
        },
      };
    },
  });
}
