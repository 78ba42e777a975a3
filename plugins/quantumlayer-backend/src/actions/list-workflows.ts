import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { LISTABLE_RUN_STATUSES } from '@internal/backstage-plugin-quantumlayer-common';
import { listWorkflows } from '../service/operations/workflow-operations';
import { principalRef } from '../service/operations/authorize';
import type { QuantumlayerActionsContext } from './action-context';
import { describingIssues } from '@internal/backstage-plugin-quantumlayer-node';

/** `list-workflows`: one page of the runs the caller may read, filtered by status and owner. */
export function registerListWorkflowsAction(
  registry: ActionsRegistryService,
  ctx: QuantumlayerActionsContext,
) {
  registry.register({
    name: 'list-workflows',
    title: 'List QuantumLayer workflow runs',
    description: `Lists QuantumLayer generation runs you may read, newest first: workflow id, status, current stage, start and close time, who started it and the group it is charged to.
Use it to find a run (e.g. your running ones: status "running", owner "me") before get-workflow, cancel-workflow or approve-workflow.
Filters: status (${LISTABLE_RUN_STATUSES.join(
      ', ',
    )}) and owner (a user entity ref such as user:default/jane, or "me"). Paged: pass nextPageToken back as pageToken for more; runs you may not read are left out before paging, so a page holds pageSize runs while more follow.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        describingIssues(
          'list-workflows',
          z
            .object({
              status: z
                .enum(LISTABLE_RUN_STATUSES)
                .optional()
                .describe('Only runs in this status'),
              owner: z
                .string()
                .min(1)
                .max(300)
                .optional()
                .describe('Only runs started by this user entity ref, or "me"'),
              pageSize: z
                .number()
                .int()
                .min(1)
                .max(100)
                .optional()
                .describe('Runs per page, 1 to 100 (default 20)'),
              pageToken: z
                .string()
                .max(4096)
                .optional()
                .describe('nextPageToken of the previous page'),
            })
            .strict(),
        ),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              workflowId: z.string(),
              runId: z.string(),
              status: z.string(),
              currentStage: z.string().nullable(),
              startTime: z.string().nullable(),
              closeTime: z.string().nullable(),
              owner: z.string().nullable(),
              group: z.string().nullable(),
            }),
          ),
          nextPageToken: z
            .string()
            .nullable()
            .describe('Pass as pageToken for the next page; null on the last'),
        }),
    },
    action: async ({ input, credentials }) => {
      const page = await listWorkflows(ctx, credentials, {
        status: input.status,
        owner: input.owner === 'me' ? principalRef(credentials) : input.owner,
        pageSize: input.pageSize ?? 20,
        pageToken: input.pageToken,
      });
      return {
        output: {
          items: page.items.map(run => ({
            workflowId: run.workflow_id,
            runId: run.run_id,
            status: run.status,
            currentStage: run.current_stage,
            startTime: run.start_time,
            closeTime: run.close_time,
            owner: run.owner ?? null,
            group: run.group ?? null,
          })),
          nextPageToken: page.next_page_token,
        },
      };
    },
  });
}
