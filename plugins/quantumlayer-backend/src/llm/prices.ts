import type { Config } from '@backstage/config';
import type { LlmUsage } from '@internal/backstage-plugin-quantumlayer-node';
import { targetKey } from './router-types';

/** USD per million tokens. */
export interface Price {
  input: number;
  output: number;
}

/** Prices from `quantumlayer.router.prices`, keyed `<provider>/<model>` or `<model>`. */
export class PriceTable {
  constructor(private readonly prices: ReadonlyMap<string, Price>) {}

  static fromConfig(config: Config): PriceTable {
    const section = config.getOptionalConfig('quantumlayer.router.prices');
    const prices = new Map<string, Price>();
    for (const key of section?.keys() ?? []) {
      const entry = section!.getConfig(key);
      prices.set(key, {
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
