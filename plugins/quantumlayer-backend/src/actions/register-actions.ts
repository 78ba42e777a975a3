import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { QuantumlayerActionsContext } from './action-context';
import { registerApproveWorkflowAction } from './approve-workflow';
import { registerCancelWorkflowAction } from './cancel-workflow';
import { registerGenerateCodeAction } from './generate-code';
import { registerGetArtifactAction } from './get-artifact';
import { registerGetWorkflowAction } from './get-workflow';
import { registerListWorkflowsAction } from './list-workflows';
import { registerPlatformHealthAction } from './platform-health';

/**
 * Registers QuantumLayer's actions (`quantumlayer:<name>`; the MCP actions
 * server names the tools `quantumlayer.<name>`). Each runs as the caller
 * (`ctx.credentials`) through the operations the REST routes use.
 */
export function registerQuantumlayerActions(
  registry: ActionsRegistryService,
  ctx: QuantumlayerActionsContext,
) {
  registerGenerateCodeAction(registry, ctx);
  registerGetWorkflowAction(registry, ctx);
  registerListWorkflowsAction(registry, ctx);
  registerGetArtifactAction(registry, ctx);
  registerCancelWorkflowAction(registry, ctx);
  registerApproveWorkflowAction(registry, ctx);
  registerPlatformHealthAction(registry, ctx);
}
