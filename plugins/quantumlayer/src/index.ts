/**
 * QuantumLayer frontend plugin.
 *
 * @packageDocumentation
 */
export { quantumlayerPlugin as default } from './plugin';
export {
  rootRouteRef,
  runsRouteRef,
  runRouteRef,
  healthRouteRef,
  usageRouteRef,
} from './routes';
export {
  quantumlayerApiRef,
  QuantumlayerApiError,
  type QuantumlayerApi,
} from './api/QuantumlayerApi';
export { QuantumlayerClient } from './api/QuantumlayerClient';
export * from './api/types';
export { QuantumlayerHealthCheckCard } from './components/EntityCards/HealthCheckCard';
export { QuantumlayerWorkflowRunCard } from './components/EntityCards/WorkflowRunCard';
export * from './components/EntityCards/annotations';
