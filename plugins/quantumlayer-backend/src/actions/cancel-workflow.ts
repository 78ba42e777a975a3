import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { cancelWorkflow } from '../service/operations/workflow-operations';
import type { QuantumlayerActionsContext } from './action-context';
import { describingIssues } from '@internal/backstage-plugin-quantumlayer-node';
import { WORKFLOW_ID } from './action-input';

/** `cancel-workflow`: asks a running run to stop. */
export function registerCancelWorkflowAction(
  registry: ActionsRegistryService,
  ctx: QuantumlayerActionsContext,
) {
  registry.register({
    name: 'cancel-workflow',
    title: 'Cancel a QuantumLayer workflow run',
    description: `Cancels a running QuantumLayer generation run: the run stops at its next step and stores no artifact; this cannot be undone (start a new run with generate-code instead).
Use it only when the person you work for wants the run stopped, e.g. the prompt was wrong. Calling it again is harmless: a run already asked to cancel stays so, and a run that already finished is left as it is (cancelRequested false, with its status).
Returns whether cancellation was requested and the run's status at that moment; follow with get-workflow to see it become "cancelled". Needs quantumlayer.workflow.cancel on the run; audited.`,
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        describingIssues(
          'cancel-workflow',
          z
            .object({
              workflowId: z
                .string()
                .regex(
                  WORKFLOW_ID,
                  'workflowId must be a workflow id such as ql-…',
                )
                .describe('The run to cancel'),
            })
            .strict(),
        ),
      output: z =>
        z.object({
          workflowId: z.string(),
          cancelRequested: z
            .boolean()
            .describe('False when the run had already finished'),
          status: z.string().describe('The run status when asked'),
        }),
    },
    action: async ({ input, credentials }) => {
      const result = await cancelWorkflow(ctx, credentials, input.workflowId);
      return {
        output: {
          workflowId: input.workflowId,
          cancelRequested: result.requested,
          status: result.status,
        },
      };
    },
  });
}
