import { randomUUID } from 'crypto';
import type { RouteInfo } from '@internal/backstage-plugin-quantumlayer-router-node';

/** Response headers saying how a call was served (cost only once known). */
export function routeHeaders(route: RouteInfo, withCost: boolean) {
  const headers: Record<string, string> = {
    'x-quantumlayer-alias': route.alias,
    'x-quantumlayer-provider': route.provider,
    'x-quantumlayer-model': route.model,
    'x-quantumlayer-attempts': String(route.attempts.length),
    'x-quantumlayer-cache': route.cached ? 'hit' : 'miss',
  };
  if (withCost) headers['x-quantumlayer-cost-usd'] = route.costUsd.toFixed(6);
  return headers;
}

/** A response id in the vendor's style, e.g. `chatcmpl-…` or `msg_…`. */
export function responseId(prefix: string) {
  return `${prefix}${randomUUID().replace(/-/g, '')}`;
}
