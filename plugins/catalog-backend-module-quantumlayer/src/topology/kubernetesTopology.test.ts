import { ConfigReader } from '@backstage/config';
import { validateEntity } from '../__testUtils__/validateEntity';
import { mergeDeployments } from './kubernetesTopology';
import { buildPlatformEntities } from './platformEntities';
import { readPlatformTopology } from './readTopology';

const topology = readPlatformTopology(new ConfigReader({}));
const partOf = { 'app.kubernetes.io/part-of': 'quantumlayer' };

describe('mergeDeployments', () => {
  it('annotates known Components and adds unknown ones as Components', async () => {
    const { entities, skipped } = mergeDeployments(
      buildPlatformEntities(topology),
      [
        {
          name: 'llm-router',
          namespace: 'quantumlayer',
          labels: { ...partOf, 'app.kubernetes.io/name': 'llm-router' },
        },
        {
          name: 'llm-router',
          namespace: 'staging',
          labels: { ...partOf, 'app.kubernetes.io/name': 'llm-router' },
        },
        { name: 'billing-exporter', namespace: 'quantumlayer', labels: partOf },
        {
          name: 'x'.repeat(70),
          namespace: 'quantumlayer',
          labels: partOf,
        },
      ],
      topology,
    );

    const router = entities.find(e => e.metadata.name === 'llm-router');
    expect(router?.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': 'quantumlayer:platform',
      'backstage.io/kubernetes-id': 'llm-router',
      'backstage.io/kubernetes-namespace': 'quantumlayer',
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/part-of=quantumlayer,app.kubernetes.io/name=llm-router',
    });
    const parser = entities.find(e => e.metadata.name === 'parser');
    expect(parser?.metadata.annotations).not.toHaveProperty(
      'backstage.io/kubernetes-id',
    );

    const extra = entities.find(e => e.metadata.name === 'billing-exporter');
    expect(extra).toMatchObject({
      kind: 'Component',
      spec: {
        type: 'service',
        system: 'quantumlayer',
        owner: 'group:default/platform',
        lifecycle: 'production',
      },
    });
    expect(extra?.metadata.annotations).toEqual({
      'backstage.io/managed-by-location': 'quantumlayer:platform',
      'backstage.io/managed-by-origin-location': 'quantumlayer:platform',
      'backstage.io/kubernetes-id': 'billing-exporter',
      'backstage.io/kubernetes-namespace': 'quantumlayer',
    });
    expect(skipped).toEqual([`quantumlayer/${'x'.repeat(70)}`]);
    expect(entities).toHaveLength(buildPlatformEntities(topology).length + 1);
    for (const entity of entities) {
      await expect(validateEntity(entity)).resolves.toBeDefined();
    }
  });
});
