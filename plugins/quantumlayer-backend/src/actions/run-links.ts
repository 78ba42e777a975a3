import type { QuantumlayerActionsContext } from './action-context';

/** Where a person (or a client) finds a run: the REST resource, the portal page and Temporal's UI. */
export async function runLinks(
  ctx: Pick<QuantumlayerActionsContext, 'discovery' | 'config' | 'workflows'>,
  workflowId: string,
): Promise<{ api: string; portal?: string; temporalUi: string }> {
  const id = encodeURIComponent(workflowId);
  const base = await ctx.discovery.getExternalBaseUrl('quantumlayer');
  const app = ctx.config.getOptionalString('app.baseUrl');
  return {
    api: `${base}/v1/workflows/${id}`,
    // The frontend plugin's run page (plugins/quantumlayer: /quantumlayer/runs/:id).
    ...(app
      ? { portal: `${app.replace(/\/+$/, '')}/quantumlayer/runs/${id}` }
      : {}),
    temporalUi: ctx.workflows.temporalUiUrl(workflowId),
  };
}
