/**
 * Test helpers the QuantumLayer packages share. Tests only.
 *
 * @packageDocumentation
 */
export * from './loopback-server';
export * from './delaying-proxy';
export * from './free-port';
export * from './qdrant/qdrant-loopback-server';
export * from './catalog-user';
export * from './capturing-auditor';
export * from './routes-test-plugin';
export * from './wait-until';
export * from './actions-backend';
export * from './denying-permissions';
