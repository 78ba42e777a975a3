import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskRunner,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  KubernetesDeploymentReader,
  readKubernetesReaderOptions,
} from '../kubernetes/KubernetesDeploymentReader';
import { mergeDeployments } from '../topology/kubernetesTopology';
import { buildPlatformEntities } from '../topology/platformEntities';
import { readPlatformTopology } from '../topology/readTopology';
import type { PlatformDeployment, PlatformTopology } from '../topology/types';

/** Every 10 minutes, at most 1 minute per run. */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 1 },
};

/** The Deployments source the provider reads, when Kubernetes is enabled. */
interface DeploymentSource {
  describe(): string;
  read(): Promise<PlatformDeployment[]>;
}

/**
 * Emits the QuantumLayer platform as catalog entities: the `quantumlayer`
 * System, its Components, Resources (databases, Temporal namespace, LLM
 * providers) and APIs with OpenAPI documents, from config and, when
 * enabled, from the Deployments found in Kubernetes.
 *
 * @public
 */
export class QuantumlayerEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  /**
   * Reads `quantumlayer.catalog` from the root config; throws when a name or
   * the owner is invalid.
   */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; scheduler: SchedulerService },
  ): QuantumlayerEntityProvider {
    const scheduleConfig = config.getOptionalConfig(
      'quantumlayer.catalog.schedule',
    );
    const schedule = scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE;
    const kubernetes = readKubernetesReaderOptions(config);
    return new QuantumlayerEntityProvider(
      readPlatformTopology(config),
      options.logger,
      options.scheduler.createScheduledTaskRunner(schedule),
      kubernetes && new KubernetesDeploymentReader(kubernetes),
    );
  }

  private constructor(
    private readonly topology: PlatformTopology,
    private readonly logger: LoggerService,
    private readonly taskRunner: SchedulerServiceTaskRunner,
    private readonly deployments: DeploymentSource | undefined,
  ) {}

  getProviderName(): string {
    return 'QuantumlayerEntityProvider';
  }

  /** Stores the connection and starts the scheduled refresh. */
  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          this.logger.error(
            `${this.getProviderName()} refresh failed: ${error}`,
            error as Error,
          );
        }
      },
    });
  }

  /** Replaces every entity this provider owns with the current platform. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(
        `${this.getProviderName()} is not connected; the catalog calls connect() first`,
      );
    }
    const entities = await this.readEntities();
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    this.logger.info(
      `${this.getProviderName()} emitted ${entities.length} entities`,
    );
  }

  private async readEntities(): Promise<Entity[]> {
    const entities = buildPlatformEntities(this.topology);
    if (!this.deployments) return entities;
    let found: PlatformDeployment[];
    try {
      found = await this.deployments.read();
    } catch (error) {
      // The platform still exists when its cluster cannot be read: emit the
      // config topology rather than nothing (a full mutation of nothing
      // would delete every entity).
      this.logger.warn(
        `${this.getProviderName()} could not read Deployments from ${this.deployments.describe()}; emitting the config topology: ${error}`,
      );
      return entities;
    }
    const merged = mergeDeployments(entities, found, this.topology);
    if (merged.skipped.length > 0) {
      this.logger.warn(
        `${this.getProviderName()} skipped Deployments whose name is not a valid entity name: ${merged.skipped.join(
          ', ',
        )}`,
      );
    }
    return merged.entities;
  }
}
