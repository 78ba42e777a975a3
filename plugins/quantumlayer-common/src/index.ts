/**
 * Shared types, zod schemas and permissions of the QuantumLayer plugin suite.
 *
 * @packageDocumentation
 */
export * from './stages';
export * from './request';
export * from './progress';
export * from './permissions';
export * from './pipeline';
export * from './offline-template';
export * from './health';
export * from './posture';
export * from './usage';
export * from './gateway-schemas';
export * from './safe-relative-path';
export * from './workflow-queries';
export * from './artifact';
export * from './rest-client';
export * from './template-task';
export * from './canonical-json';
