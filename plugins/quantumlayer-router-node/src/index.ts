/**
 * The QuantumLayer LLM router's contract for other backend plugins: the
 * provider types and extension point, the router's request and answer
 * types, and `llmRouterServiceRef`.
 *
 * @packageDocumentation
 */
export * from './provider';
export * from './router-types';
export * from './router-errors';
export * from './router-status';
export * from './llm-router-client';
export * from './caller-claims';
export * from './remote-llm-router';
export * from './trace-headers';
export * from './extensions';
export * from './llm-router-service-ref';
export * from './embeddings/hash-embedding';
export * from './embeddings/text-embedder';
export * from './embeddings/embedding-settings';
