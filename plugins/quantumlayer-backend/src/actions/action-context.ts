import type {
  AuditorService,
  DiscoveryService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { ArtifactStore } from '../artifacts/artifact-store';
import type {
  GroupDirectory,
  HealthMonitor,
} from '@internal/backstage-plugin-quantumlayer-node';
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
}
