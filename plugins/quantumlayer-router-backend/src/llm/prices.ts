import type { Config } from '@backstage/config';
import type { LlmUsage } from '@internal/backstage-plugin-quantumlayer-router-node';
import { targetKey } from './route-target';

/** USD per million tokens. */
export interface Price {
  input: number;
  output: number;
}

/** Prices from `quantumlayer.router.prices`; a provider-specific entry wins over a model-wide one. */
export class PriceTable {
  constructor(private readonly prices: ReadonlyMap<string, Price>) {}

  static fromConfig(config: Config): PriceTable {
    const prices = new Map<string, Price>();
    for (const entry of config.getOptionalConfigArray(
      'quantumlayer.router.prices',
    ) ?? []) {
      const model = entry.getString('model');
      const provider = entry.getOptionalString('provider');
      prices.set(provider ? `${provider}/${model}` : model, {
        input: entry.getNumber('input'),
        output: entry.getNumber('output'),
      });
    }
    return new PriceTable(prices);
  }

  lookup(target: { provider: string; model: string }): Price | undefined {
    return this.prices.get(targetKey(target)) ?? this.prices.get(target.model);
  }

  /** Cost of `usage` on `target`; 0 when the price is unknown (free or local models). */
  cost(target: { provider: string; model: string }, usage: LlmUsage): number {
    const price = this.lookup(target);
    if (!price) return 0;
    return (
      (usage.promptTokens * price.input +
        usage.completionTokens * price.output) /
      1_000_000
    );
  }
}
