import type { Price } from '../prices';
import type { RouteTarget } from '../route-target';

/**
 * Cheapest first by input + output price per million tokens; targets without
 * a price go last, in configured order.
 */
export function orderByCost(
  targets: RouteTarget[],
  price: (target: RouteTarget) => Price | undefined,
): RouteTarget[] {
  const cost = (t: RouteTarget) => {
    const p = price(t);
    return p ? p.input + p.output : Number.POSITIVE_INFINITY;
  };
  return targets
    .map((target, index) => ({ target, index, cost: cost(target) }))
    .sort((a, b) => a.cost - b.cost || a.index - b.index)
    .map(entry => entry.target);
}
