import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { QuantumlayerEntityProvider } from './QuantumlayerEntityProvider';

function setup() {
  const logger = mockServices.logger.mock();
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const scheduler = mockServices.scheduler.mock({
    createScheduledTaskRunner: () => ({
      run: async task => {
        tasks.push(task);
      },
    }),
  });
  const provider = QuantumlayerEntityProvider.fromConfig(new ConfigReader({}), {
    logger,
    scheduler,
  });
  return { logger, tasks, provider };
}

describe('QuantumlayerEntityProvider', () => {
  it('refuses to refresh before the catalog connects it', async () => {
    const { provider } = setup();
    await expect(provider.refresh()).rejects.toThrow(
      'QuantumlayerEntityProvider is not connected',
    );
  });

  it('schedules its refresh on connect; a refresh applies a full mutation keyed by the provider name', async () => {
    const { provider, tasks } = setup();
    const mutations: EntityProviderMutation[] = [];
    await provider.connect({
      applyMutation: async m => {
        mutations.push(m);
      },
      refresh: async () => {},
    });
    expect(tasks.map(t => t.id)).toEqual([
      'QuantumlayerEntityProvider:refresh',
    ]);
    expect(mutations).toEqual([]);
    await tasks[0].fn(new AbortController().signal);
    expect(mutations).toHaveLength(1);
    expect(mutations[0]).toMatchObject({
      type: 'full',
      entities: expect.arrayContaining([
        {
          locationKey: 'QuantumlayerEntityProvider',
          entity: expect.objectContaining({ kind: 'System' }),
        },
      ]),
    });
  });

  it('the scheduled run logs a failed refresh; a direct refresh rethrows it', async () => {
    const { provider, tasks, logger } = setup();
    await provider.connect({
      applyMutation: async () => {
        throw new Error('catalog database is read-only');
      },
      refresh: async () => {},
    });
    await expect(
      tasks[0].fn(new AbortController().signal),
    ).resolves.toBeUndefined();
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining(
        'QuantumlayerEntityProvider refresh failed: Error: catalog database is read-only',
      ),
      expect.any(Error),
    );
    await expect(provider.refresh()).rejects.toThrow(
      'catalog database is read-only',
    );
  });
});
