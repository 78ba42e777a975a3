import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type {
  DeferredEntity,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { realKubeUnavailable, useRealKube } from '../__testUtils__/realKube';
import { validateEntity } from '../__testUtils__/validateEntity';
import { QuantumlayerEntityProvider } from '../providers/QuantumlayerEntityProvider';

// The catalog's Kubernetes topology against a real kube-apiserver holding
// deploy/overlays/production (scripts/real-kube.mjs), read as the gateway's
// ServiceAccount with the list-only rights of deploy/base/rbac/cluster-readers.yaml.
// __testUtils__/fakeKubernetesApi.ts still covers a refused connection.

const unavailable = realKubeUnavailable();
if (unavailable) {
  // eslint-disable-next-line no-console
  console.warn(`skipping the real-kube catalog tests: ${unavailable}`);
}

/**
 * The overlay's Deployments (namespace/name, app.kubernetes.io/name = name)
 * and the catalog Component each runs: the backstage.io/kubernetes-id label
 * deploy/base/apps sets, or for the collector (no such label) its name.
 */
const DEPLOYMENTS: Array<[deployment: string, component: string]> = [
  ['quantumlayer/otel-collector', 'otel-collector'],
  ['quantumlayer/quantumlayer-gateway', 'api-gateway'],
  ['quantumlayer/quantumlayer-router', 'llm-router'],
  ['temporal/quantumlayer-sandbox-worker', 'sandbox-worker'],
  ['temporal/quantumlayer-worker', 'codegen-worker'],
  ['temporal/quantumlayer-workflow-api', 'workflow-api'],
];

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

(unavailable ? describe.skip : describe)(
  'catalog Kubernetes topology on a real API server with the production overlay',
  () => {
    const kube = useRealKube();
    jest.setTimeout(60_000);
    let readerToken: string;

    function admin() {
      const kc = new KubeConfig();
      kc.loadFromClusterAndUser(
        {
          name: 'real',
          server: kube().server,
          caData: kube().caData,
          skipTLSVerify: false,
        },
        { name: 'real', token: kube().token },
      );
      return {
        core: kc.makeApiClient(CoreV1Api),
        apps: kc.makeApiClient(AppsV1Api),
      };
    }

    beforeAll(async () => {
      const { status } = await admin().core.createNamespacedServiceAccountToken(
        {
          name: 'quantumlayer-gateway',
          namespace: 'quantumlayer',
          body: { spec: { audiences: [], expirationSeconds: 600 } },
        },
      );
      readerToken = status!.token;
    });

    /** One scheduled refresh of the provider over the real cluster; its entities. */
    async function refresh(): Promise<DeferredEntity[]> {
      const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
      const provider = QuantumlayerEntityProvider.fromConfig(
        new ConfigReader({
          quantumlayer: {
            // The one cluster setting, shared with the platform posture.
            kubernetes: {
              server: kube().server,
              token: readerToken,
              caData: kube().caData,
            },
            catalog: {
              kubernetes: {
                enabled: true,
                namespaces: ['quantumlayer', 'temporal'],
              },
            },
          },
        }),
        {
          logger: mockServices.logger.mock(),
          scheduler: mockServices.scheduler.mock({
            createScheduledTaskRunner: () => ({
              run: async task => {
                tasks.push(task);
              },
            }),
          }),
        },
      );
      const mutations: EntityProviderMutation[] = [];
      await provider.connect({
        applyMutation: async m => {
          mutations.push(m);
        },
        refresh: async () => {},
      });
      await tasks[0].fn(new AbortController().signal);
      expect(mutations).toHaveLength(1);
      if (mutations[0].type !== 'full') throw new Error('expected full');
      return mutations[0].entities;
    }

    const annotated = (entities: DeferredEntity[]) =>
      entities
        .filter(e => e.entity.metadata.annotations?.[KUBERNETES_ID])
        .map(({ entity }) => {
          const a = entity.metadata.annotations!;
          return `${entity.kind} ${entity.metadata.name} -> ${a['backstage.io/kubernetes-namespace']}/${a[KUBERNETES_ID]} (${a['backstage.io/kubernetes-label-selector']})`;
        });

    it("annotates the Components the overlay's Deployments run, by their kubernetes-id label", async () => {
      const entities = await refresh();

      // quantumlayer-router carries backstage.io/kubernetes-id: llm-router, so
      // the config topology's llm-router gets its Kubernetes annotations (no
      // second Component); the collector is not in the topology and becomes
      // a Component of its own.
      expect(annotated(entities).sort()).toEqual(
        DEPLOYMENTS.map(([d, component]) => {
          const [namespace, name] = d.split('/');
          return `Component ${component} -> ${namespace}/${component} (app.kubernetes.io/part-of=quantumlayer,app.kubernetes.io/name=${name})`;
        }).sort(),
      );
      const names = entities.map(e => e.entity.metadata.name);
      expect(names).not.toContain('quantumlayer-router');
      const added = entities.find(
        e => e.entity.metadata.name === 'otel-collector',
      );
      expect(added?.entity).toMatchObject({
        kind: 'Component',
        spec: { type: 'service', system: 'quantumlayer' },
      });
      expect(added?.locationKey).toBe('QuantumlayerEntityProvider');
      // Components that run inside the roles have no Deployment of their own.
      expect(
        entities.find(e => e.entity.metadata.name === 'parser')?.entity.metadata
          .annotations,
      ).not.toHaveProperty(KUBERNETES_ID);
      for (const { entity } of entities) {
        await expect(validateEntity(entity)).resolves.toBeDefined();
      }
    });

    it('adds a Component for a platform Deployment the topology does not name', async () => {
      const { apps } = admin();
      const labels = {
        'app.kubernetes.io/part-of': 'quantumlayer',
        'app.kubernetes.io/name': 'docs-indexer',
      };
      await apps.createNamespacedDeployment({
        namespace: 'quantumlayer',
        body: {
          metadata: { name: 'docs-indexer', labels },
          spec: {
            replicas: 0,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: { containers: [{ name: 'indexer', image: 'busybox' }] },
            },
          },
        },
      });
      try {
        const entities = await refresh();

        expect(
          entities.find(e => e.entity.metadata.name === 'docs-indexer')?.entity
            .metadata.annotations,
        ).toMatchObject({
          [KUBERNETES_ID]: 'docs-indexer',
          'backstage.io/kubernetes-namespace': 'quantumlayer',
          'backstage.io/kubernetes-label-selector':
            'app.kubernetes.io/part-of=quantumlayer,app.kubernetes.io/name=docs-indexer',
        });
        expect(annotated(entities)).toHaveLength(DEPLOYMENTS.length + 1);
      } finally {
        await apps.deleteNamespacedDeployment({
          name: 'docs-indexer',
          namespace: 'quantumlayer',
        });
      }
    });
  },
);
