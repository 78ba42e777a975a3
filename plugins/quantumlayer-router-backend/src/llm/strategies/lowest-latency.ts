import type { RouteTarget } from '../route-target';

/**
 * Fastest recent mean first. Targets without samples go first so every
 * target gets measured; ties keep the configured order.
 */
export function orderByLatency(
  targets: RouteTarget[],
  meanLatency: (target: RouteTarget) => number | undefined,
): RouteTarget[] {
  return targets
    .map((target, index) => ({ target, index, mean: meanLatency(target) }))
    .sort((a, b) => (a.mean ?? -1) - (b.mean ?? -1) || a.index - b.index)
    .map(entry => entry.target);
}
