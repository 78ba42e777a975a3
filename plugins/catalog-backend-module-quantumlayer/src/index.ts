/**
 * Catalog module emitting the QuantumLayer platform as entities.
 *
 * @packageDocumentation
 */
export { catalogModuleQuantumlayer as default } from './module';
export { QuantumlayerEntityProvider } from './providers/QuantumlayerEntityProvider';
