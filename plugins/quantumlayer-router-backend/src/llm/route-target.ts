/** One provider + model an alias can route to. */
export interface RouteTarget {
  provider: string;
  model: string;
  /** For the weighted strategy; default 1. */
  weight: number;
}

/** How the targets of an alias are ordered for one request. */
export type RoutingStrategy =
  | 'priority'
  | 'weighted'
  | 'lowest-latency'
  | 'lowest-cost';

/** A model alias: what callers name, and where it may go. */
export interface ModelRoute {
  alias: string;
  strategy: RoutingStrategy;
  targets: RouteTarget[];
}

/** Key of a provider + model pair in breakers, stats and prices. */
export function targetKey(target: { provider: string; model: string }) {
  return `${target.provider}/${target.model}`;
}
