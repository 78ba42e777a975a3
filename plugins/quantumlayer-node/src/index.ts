/**
 * Extension points of the QuantumLayer backend plugin.
 *
 * @packageDocumentation
 */
export * from './health';
export * from './extensions';
export * from './workflow-permissions';
