import type {
  AuditorService,
  DiscoveryService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { ArtifactStore } from '../artifacts/artifact-store';
import type { GroupDirectory } from '@internal/backstage-plugin-quantumlayer-node';
import type { HealthMonitor } from '../health/health-monitor';
import type { LlmRouterClient } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { GatewayCallers } from '../service/gateway/gateway-callers';
import type { GenerateWorkflowClient } from '../workflows/client';

/**
 * What the QuantumLayer actions need: the services the REST routes use, so
 * both go through the same operations (permissions, audit, billing).
 */
export interface QuantumlayerActionsContext {
  logger: LoggerService;
  config: Config;
  discovery: DiscoveryService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor?: AuditorService;
  workflows: GenerateWorkflowClient;
  store: ArtifactStore;
  groups?: GroupDirectory;
  health: HealthMonitor;
  /** Checks `quantumlayer.router.use` and finds the caller's group. */
  callers: Pick<GatewayCallers, 'callerOf'>;
  /** The LLM router, in process or the router role's. */
  router: Pick<LlmRouterClient, 'complete'>;
}
