/**
 * What the QuantumLayer backend plugins share: the health-check extension
 * point, the workflow-run permission resource, the vector store, catalog
 * group lookup, request tracing and metrics.
 *
 * @packageDocumentation
 */
export * from './health/health-check';
export * from './health/health-monitor';
export * from './health/health-routes';
export * from './health/database-check';
export * from './health/vector-store-check';
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
export * from './describing-issues';
export * from './require-permission';
export * from './health/llm-router-check';
export * from './json-body';
export * from './kubernetes/kubernetes-cluster';
