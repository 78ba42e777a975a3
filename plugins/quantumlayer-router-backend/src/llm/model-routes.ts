import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { ModelRoute, RoutingStrategy } from './route-target';

const STRATEGIES: RoutingStrategy[] = [
  'priority',
  'weighted',
  'lowest-latency',
  'lowest-cost',
];

/** Embedding-only providers (embedding models listed, chat models not) stay out of `default`. */
function servesChat(provider: LlmProvider): boolean {
  return !!provider.models?.length || !provider.embeddingModels?.length;
}

/**
 * The model names callers may use: configured aliases, plus an implicit
 * `<provider>/<model>` alias for every model (chat or embedding) a provider
 * lists. Without any aliases, `default` goes to every chat provider's first
 * model in order.
 */
export class ModelRoutes {
  private constructor(
    private readonly routes: ReadonlyMap<string, ModelRoute>,
    readonly defaultAlias: string,
  ) {}

  static fromConfig(config: Config, providers: LlmProvider[]): ModelRoutes {
    const known = new Set(providers.map(p => p.id));
    const routes = new Map<string, ModelRoute>();
    const entries =
      config.getOptionalConfigArray('quantumlayer.router.models') ?? [];
    for (const entry of entries) {
      const alias = entry.getString('alias');
      if (routes.has(alias)) {
        throw new Error(
          `quantumlayer.router.models: alias "${alias}" is defined twice`,
        );
      }
      const strategy = (entry.getOptionalString('strategy') ??
        'priority') as RoutingStrategy;
      if (!STRATEGIES.includes(strategy)) {
        throw new Error(
          `quantumlayer.router.models alias "${alias}": strategy "${strategy}" is not supported; use one of ${STRATEGIES.join(
            ', ',
          )}`,
        );
      }
      const targets = entry.getConfigArray('targets').map((t, i) => {
        const provider = t.getString('provider');
        if (!known.has(provider)) {
          throw new Error(
            `quantumlayer.router.models alias "${alias}": targets[${i}].provider "${provider}" is not a configured provider; configured: ${[
              ...known,
            ].join(', ')}`,
          );
        }
        return {
          provider,
          model: t.getString('model'),
          weight: t.getOptionalNumber('weight') ?? 1,
        };
      });
      routes.set(alias, { alias, strategy, targets });
    }
    for (const provider of providers) {
      for (const model of [
        ...(provider.models ?? []),
        ...(provider.embeddingModels ?? []),
      ]) {
        const alias = `${provider.id}/${model}`;
        if (!routes.has(alias)) {
          routes.set(alias, {
            alias,
            strategy: 'priority',
            targets: [{ provider: provider.id, model, weight: 1 }],
          });
        }
      }
    }
    const defaultAlias =
      config.getOptionalString('quantumlayer.router.defaultModel') ?? 'default';
    if (!routes.has(defaultAlias)) {
      routes.set(defaultAlias, {
        alias: defaultAlias,
        strategy: 'priority',
        targets: providers.filter(servesChat).map(p => ({
          provider: p.id,
          model: p.models?.[0] ?? p.id,
          weight: 1,
        })),
      });
    }
    return new ModelRoutes(routes, defaultAlias);
  }

  /** The route for `model` (an alias); the default alias when absent. */
  resolve(model: string | undefined): ModelRoute {
    const route = this.routes.get(model ?? this.defaultAlias);
    if (!route) {
      throw new InputError(
        `model "${model}" is not routed here; use one of ${[
          ...this.routes.keys(),
        ].join(', ')}`,
      );
    }
    return route;
  }

  list(): ModelRoute[] {
    return [...this.routes.values()];
  }
}
