import { InputError } from '@backstage/errors';
import type {
  LlmProvider,
  CallContext,
  EmbeddingRequest,
  RoutedEmbedding,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { ModelRoutes } from './model-routes';
import { RouteCallDeps, runRoute } from './run-targets';

/**
 * Embeds `request.input` through the alias `request.model`, routed like a
 * completion (strategy, breakers, retries and fallback, budgets at the
 * input price, the ledger) over the targets whose provider can embed.
 * Not cached: embedding again costs less than a cache round trip.
 */
export async function routeEmbedding(
  deps: RouteCallDeps,
  request: EmbeddingRequest,
  ctx: CallContext,
): Promise<RoutedEmbedding> {
  const started = performance.now();
  const providers = deps.loop.providers;
  const resolved = deps.resolve(request, ctx);
  const route = {
    ...resolved,
    targets: resolved.targets.filter(t => servesEmbeddings(providers, t)),
  };
  if (route.targets.length === 0) {
    const aliases = aliasesServingEmbeddings(deps.routes, providers);
    throw new InputError(
      `model "${route.alias}" has no target that serves embeddings; ${
        aliases.length
          ? `use one of ${aliases.join(', ')}`
          : 'no configured provider serves embeddings'
      }`,
    );
  }
  const tokens = request.input.reduce(
    (n, text) => n + Math.ceil(text.length / 4),
    0,
  );
  const reservation = await deps.accounting.reserve(route, ctx, tokens);
  return deps.accounting.withFailureRecorded(
    { ctx, route, reservation, started, stream: false },
    async () => {
      const { value, target, attempts } = await runRoute(
        deps,
        route,
        request,
        (provider, r) => provider.embed!(r),
      );
      const usage = {
        promptTokens: value.usage.promptTokens,
        completionTokens: 0,
      };
      const costUsd = deps.prices.cost(target, usage);
      deps.accounting.settle(reservation, {
        tokens: usage.promptTokens,
        usd: costUsd,
      });
      const info = deps.accounting.recordServed(ctx, route, value, {
        attempts,
        costUsd,
        usage,
        started,
        hold: reservation,
      });
      return { ...value, route: info };
    },
  );
}

/** Aliases with at least one target that serves embeddings. */
export function aliasesServingEmbeddings(
  routes: ModelRoutes,
  providers: ReadonlyMap<string, LlmProvider>,
): string[] {
  return routes
    .list()
    .filter(r => r.targets.some(t => servesEmbeddings(providers, t)))
    .map(r => r.alias);
}

/** A target embeds when its provider can and lists the model in `embeddingModels`. */
function servesEmbeddings(
  providers: ReadonlyMap<string, LlmProvider>,
  target: { provider: string; model: string },
) {
  const provider = providers.get(target.provider);
  return (
    !!provider?.embed && !!provider.embeddingModels?.includes(target.model)
  );
}
