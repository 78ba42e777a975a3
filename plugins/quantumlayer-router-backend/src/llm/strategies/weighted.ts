import type { RouteTarget } from '../route-target';

/**
 * Draws targets without replacement in proportion to their weights, so the
 * first pick follows the weights and the rest remain as fallbacks.
 */
export function orderByWeight(
  targets: RouteTarget[],
  random: () => number = Math.random,
): RouteTarget[] {
  const pool = targets.filter(t => t.weight > 0);
  const ordered: RouteTarget[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((sum, t) => sum + t.weight, 0);
    let point = random() * total;
    let index = pool.findIndex(t => (point -= t.weight) < 0);
    if (index < 0) index = pool.length - 1;
    ordered.push(...pool.splice(index, 1));
  }
  return ordered;
}
