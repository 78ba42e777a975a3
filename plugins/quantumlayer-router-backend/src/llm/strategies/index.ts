import type { Price } from '../prices';
import type { ModelRoute, RouteTarget } from '../route-target';
import { orderByCost } from './lowest-cost';
import { orderByLatency } from './lowest-latency';
import { orderByPriority } from './priority';
import { orderByWeight } from './weighted';

/** What strategies may read about targets. */
export interface TargetStats {
  meanLatency(target: RouteTarget): number | undefined;
  price(target: RouteTarget): Price | undefined;
}

/** The order to try an alias's targets in for one request. */
export function orderTargets(
  route: ModelRoute,
  stats: TargetStats,
): RouteTarget[] {
  switch (route.strategy) {
    case 'weighted':
      return orderByWeight(route.targets);
    case 'lowest-latency':
      return orderByLatency(route.targets, t => stats.meanLatency(t));
    case 'lowest-cost':
      return orderByCost(route.targets, t => stats.price(t));
    default:
      return orderByPriority(route.targets);
  }
}
