import type { HealthCheck } from './health-check';
import type { LlmRouterClient } from '@internal/backstage-plugin-quantumlayer-router-node';

/**
 * The LLM router's targets: `degraded` while some circuits are open,
 * `down` when every target is open (no model can answer).
 *
 * @public
 */
export function llmRouterCheck(
  router: Pick<LlmRouterClient, 'status'>,
): HealthCheck {
  return {
    name: 'llmRouter',
    async check() {
      const status = await router.status();
      const targets = status.providers.flatMap(p =>
        p.targets.map(t => ({ provider: p.id, ...t })),
      );
      const open = targets.filter(t => t.circuit !== 'closed');
      const details = {
        breakerScope: status.breakerScope,
        providers: status.providers.map(p => ({
          id: p.id,
          targets: p.targets.map(t => ({
            model: t.model,
            circuit: t.circuit,
            lastError: t.lastError ?? null,
            lastFailureAt: t.lastFailureAt
              ? new Date(t.lastFailureAt).toISOString()
              : null,
          })),
        })),
      };
      if (targets.length > 0 && open.length === targets.length) {
        return {
          status: 'down',
          detail: `every target's circuit is open: ${open
            .map(t => `${t.provider}/${t.model}`)
            .join(', ')}`,
          details,
        };
      }
      if (open.length > 0) {
        return {
          status: 'degraded',
          detail: `${open.length} of ${
            targets.length
          } target(s) not closed: ${open
            .map(t => `${t.provider}/${t.model} ${t.circuit}`)
            .join(', ')}`,
          details,
        };
      }
      return {
        status: 'ok',
        detail: `${status.providers.length} provider(s), ${targets.length} target(s), all circuits closed`,
        details,
      };
    },
  };
}
