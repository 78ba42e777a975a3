import { context, propagation } from '@opentelemetry/api';

/**
 * Headers that carry the active trace (W3C `traceparent`) to another
 * service.
 *
 * @public
 */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}
