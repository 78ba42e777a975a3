import type {
  LlmProvider,
  LlmRouterStatus,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { CircuitBreaker } from './breaker/circuit-breaker';
import type { ModelRoutes } from './model-routes';
import { targetKey } from './route-target';
import type { TargetHealth } from './target-health';

/** Providers, their models, and each routed target's circuit state and recent health. */
export async function routerStatus(options: {
  providers: Iterable<LlmProvider>;
  routes: ModelRoutes;
  breaker: CircuitBreaker;
  health: TargetHealth;
}): Promise<LlmRouterStatus> {
  const targets = new Map<string, { provider: string; model: string }>();
  for (const route of options.routes.list())
    for (const t of route.targets) targets.set(targetKey(t), t);
  const circuits = new Map(
    await Promise.all(
      [...targets.keys()].map(
        async key => [key, await options.breaker.state(key)] as const,
      ),
    ),
  );
  return {
    breakerScope: options.breaker.scope,
    providers: [...options.providers].map(p => ({
      id: p.id,
      models: p.models ?? [],
      embeddingModels: p.embeddingModels ?? [],
      streaming: typeof p.stream === 'function',
      targets: [...targets.entries()]
        .filter(([, t]) => t.provider === p.id)
        .map(([key, t]) => ({
          model: t.model,
          circuit: circuits.get(key)!,
          ...options.health.snapshot(key),
        })),
    })),
  };
}
