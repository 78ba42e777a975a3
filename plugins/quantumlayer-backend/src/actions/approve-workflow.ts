import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { decideApproval } from '../service/operations/workflow-operations';
import type { QuantumlayerActionsContext } from './action-context';
import { describingIssues } from '@internal/backstage-plugin-quantumlayer-node';
import { WORKFLOW_ID } from './action-input';

/**
 * `approve-workflow`: decides a run's approval gate. Destructive (a
 * rejection ends the run) and not idempotent: a gate decides once, so a
 * second call is refused with ConflictError rather than repeated.
 */
export function registerApproveWorkflowAction(
  registry: ActionsRegistryService,
  ctx: QuantumlayerActionsContext,
) {
  registry.register({
    name: 'approve-workflow',
    title: 'Approve or reject a QuantumLayer run',
    description: `Approves or rejects a QuantumLayer run that waits at its approval gate (get-workflow shows currentStage "awaiting_approval" and approval.status "awaiting"; only runs started with approval.required wait there). "approve" lets the run go on to docs and store its artifact; "reject" ends it without one. The decision is recorded under your identity with the optional reason.
Use it only when the person you work for has decided; never approve on your own. A gate decides once: a run that is not waiting (already decided, timed out, finished) is refused with ConflictError. Returns the gate's new state. Needs quantumlayer.workflow.approve on the run; audited.`,
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        describingIssues(
          'approve-workflow',
          z
            .object({
              workflowId: z
                .string()
                .regex(
                  WORKFLOW_ID,
                  'workflowId must be a workflow id such as ql-…',
                )
                .describe('The run waiting for approval'),
              decision: z
                .enum(['approve', 'reject'])
                .describe('approve lets the run continue; reject ends it'),
              reason: z
                .string()
                .max(2000)
                .optional()
                .describe('Why, recorded with the decision'),
            })
            .strict(),
        ),
      output: z =>
        z.object({
          workflowId: z.string(),
          approval: z.object({
            status: z.enum(['awaiting', 'approved', 'rejected', 'timed_out']),
            deadline: z.string(),
            by: z.string().optional(),
            reason: z.string().optional(),
            decidedAt: z.string().optional(),
          }),
        }),
    },
    action: async ({ input, credentials }) => {
      const { workflowId, ...body } = input;
      const approval = await decideApproval(ctx, credentials, workflowId, body);
      return { output: { workflowId, approval } };
    },
  });
}
