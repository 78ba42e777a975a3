import type { Attributes, ObservableResult } from '@opentelemetry/api';

/**
 * A monotonic sum per attribute set, kept here and read by an observable
 * counter at collection time (a scrape). A synchronous counter hashes its
 * attributes on every add: four counters per routed call cost more than the
 * call's own routing. Here an add is one lookup by a key the caller builds.
 *
 * @public
 */
export class CallSums {
  private readonly sums = new Map<
    string,
    { attributes: Attributes; value: number }
  >();

  /** Adds `value` to the sum under `key`; `attributes` are taken the first time. */
  add(key: string, attributes: () => Attributes, value: number) {
    const sum = this.sums.get(key);
    if (sum) sum.value += value;
    else this.sums.set(key, { attributes: attributes(), value });
  }

  observe(result: ObservableResult) {
    for (const { attributes, value } of this.sums.values()) {
      result.observe(value, attributes);
    }
  }
}
