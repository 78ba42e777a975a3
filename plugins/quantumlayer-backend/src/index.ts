/**
 * QuantumLayer backend plugin.
 *
 * @packageDocumentation
 */
export { quantumlayerPlugin as default } from './plugin';
