/**
 * What the QuantumLayer backend plugins share: the health-check extension
 * point, the workflow-run permission resource, the vector store, catalog
 * group lookup, request tracing and metrics.
 *
 * @packageDocumentation
 */
export * from './health';
export * from './extensions';
export * from './workflow-permissions';
export * from './vector/vector-store';
export * from './vector/embedded-vector-store';
export * from './vector/qdrant-vector-store';
export * from './vector/create-vector-store';
export * from './vector/vector-store-service-ref';
export * from './group-directory';
export * from './tracing/request-span';
export * from './tracing/self-traced';
export * from './off-path';
export * from './metrics/quantumlayer-metrics';
