import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { isOfflineTemplateRun } from '@internal/backstage-plugin-quantumlayer-common';
import { describeWorkflow } from '../service/operations/workflow-operations';
import type { QuantumlayerActionsContext } from './action-context';
import { describingIssues } from '@internal/backstage-plugin-quantumlayer-node';
import { WORKFLOW_ID } from './action-input';
import { runLinks } from './run-links';

/** Longest get-workflow waits for a run to close, in seconds. */
export const MAX_WAIT_SECONDS = 60;

/** `get-workflow`: a run's status, stages with timings, verdicts and result; optionally waits for it to close. */
export function registerGetWorkflowAction(
  registry: ActionsRegistryService,
  ctx: QuantumlayerActionsContext,
) {
  registry.register({
    name: 'get-workflow',
    title: 'Get a QuantumLayer workflow run',
    description: `Reads one QuantumLayer generation run: status (running, completed, failed, cancelled, terminated, timed_out), the current stage, every stage with its status, start time, duration and a short verdict, repair attempts, the approval gate, LLM usage, and once completed the result (artifactId, whether the tests passed, test summary, review findings, generated files, and offlineTemplate: true when the offline template provider answered, so the files are a fixed example that does not implement the prompt).
Use it after generate-code to follow a run. With waitSeconds (at most ${MAX_WAIT_SECONDS}) it waits for the run to finish first and answers as soon as it does, or after waitSeconds with the run still running: call again to keep waiting. A run waiting for approval shows currentStage "awaiting_approval" and approval.status "awaiting".
Then read the generated files with get-artifact and result.artifactId. Needs quantumlayer.workflow.read on the run.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        describingIssues(
          'get-workflow',
          z
            .object({
              workflowId: z
                .string()
                .regex(
                  WORKFLOW_ID,
                  'workflowId must be a workflow id such as ql-…',
                )
                .describe(
                  'The workflow id generate-code or list-workflows gave',
                ),
              waitSeconds: z
                .number()
                .int()
                .min(0)
                .max(
                  MAX_WAIT_SECONDS,
                  `waitSeconds must be at most ${MAX_WAIT_SECONDS}; call again to wait longer`,
                )
                .optional()
                .describe(
                  `Wait up to this many seconds (0 to ${MAX_WAIT_SECONDS}) for the run to finish before answering`,
                ),
            })
            .strict(),
        ),
      output: z => {
        const approval = z.object({
          status: z.enum(['awaiting', 'approved', 'rejected', 'timed_out']),
          deadline: z.string(),
          by: z.string().optional(),
          reason: z.string().optional(),
          decidedAt: z.string().optional(),
        });
        return z.object({
          workflowId: z.string(),
          runId: z.string(),
          status: z.string(),
          currentStage: z.string().nullable(),
          startTime: z.string().nullable(),
          closeTime: z.string().nullable(),
          owner: z.string().nullable(),
          group: z.string().nullable(),
          stages: z.array(
            z.object({
              stage: z.string(),
              status: z.string(),
              startedAt: z.string().optional(),
              durationMs: z.number().optional(),
              detail: z
                .string()
                .optional()
                .describe('Short verdict of the stage'),
            }),
          ),
          repairAttempts: z.number(),
          approval: approval.nullable(),
          usage: z
            .object({
              calls: z.number(),
              promptTokens: z.number(),
              completionTokens: z.number(),
              costUsd: z.number(),
            })
            .nullable(),
          result: z
            .object({
              artifactId: z.string().describe('Pass to get-artifact'),
              testsPassed: z.boolean().nullable(),
              testSummary: z.string(),
              reviewFindings: z.array(z.string()),
              repairAttempts: z.number(),
              files: z.array(
                z.object({
                  path: z.string(),
                  size: z.number(),
                  sha256: z.string(),
                }),
              ),
              provider: z.string(),
              model: z.string(),
              offlineTemplate: z
                .boolean()
                .describe(
                  'True when the offline template provider answered: the files do not implement the prompt; an LLM provider must be configured',
                ),
              totalDurationMs: z.number(),
            })
            .nullable(),
          error: z
            .string()
            .nullable()
            .describe('Why the run failed, if it did'),
          links: z.object({
            api: z.string(),
            portal: z.string().optional(),
            temporalUi: z.string(),
          }),
        });
      },
    },
    action: async ({ input, credentials }) => {
      const run = await describeWorkflow(ctx, credentials, input.workflowId, {
        waitMs: (input.waitSeconds ?? 0) * 1000,
      });
      const progress = run.progress;
      const result = run.result;
      return {
        output: {
          workflowId: run.workflow_id,
          runId: run.run_id,
          status: run.status,
          currentStage: run.current_stage,
          startTime: run.start_time,
          closeTime: run.close_time,
          owner: run.owner ?? null,
          group: run.group ?? null,
          stages: progress?.stages ?? [],
          repairAttempts: progress?.repairAttempts ?? 0,
          approval: progress?.approval ?? result?.approval ?? null,
          usage: progress?.usage ?? result?.usage ?? null,
          result: result && {
            artifactId: result.artifactId,
            testsPassed: result.testsPassed,
            testSummary: result.testSummary,
            reviewFindings: result.reviewFindings,
            repairAttempts: result.repairAttempts,
            files: result.files,
            provider: result.provider,
            model: result.model,
            offlineTemplate: isOfflineTemplateRun(result),
            totalDurationMs: result.totalDurationMs,
          },
          error: run.error,
          links: await runLinks(ctx, run.workflow_id),
        },
      };
    },
  });
}
