import type { RouteTarget } from '../route-target';

/** Configured order: first target first, the rest as fallbacks. */
export function orderByPriority(targets: RouteTarget[]): RouteTarget[] {
  return [...targets];
}
