/**
 * QuantumLayer frontend plugin.
 *
 * @packageDocumentation
 */
export { quantumlayerPlugin as default } from './plugin';
export { rootRouteRef } from './routes';
