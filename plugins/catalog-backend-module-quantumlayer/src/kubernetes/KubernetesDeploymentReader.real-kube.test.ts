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

/** The overlay's Deployments: namespace/name, each labelled app.kubernetes.io/name=name. */
const DEPLOYMENTS = [
  'quantumlayer/otel-collector',
  'quantumlayer/quantumlayer-gateway',
  'quantumlayer/quantumlayer-router',
  'temporal/quantumlayer-sandbox-worker',
  'temporal/quantumlayer-worker',
  'temporal/quantumlayer-workflow-api',
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
            catalog: {
              kubernetes: {
                enabled: true,
                namespaces: ['quantumlayer', 'temporal'],
                cluster: {
                  url: kube().server,
                  serviceAccountToken: readerToken,
                  caData: kube().caData,
                },
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

    it("adds the overlay's Deployments as Components, none matching the config topology's names", async () => {
      const entities = await refresh();

      // The overlay names its Deployments quantumlayer-gateway, -router, ...,
      // while the config topology's Components are api-gateway, llm-router, ...
      // (app.kubernetes.io/name decides), so each Deployment becomes a Component
      // of its own and the config Components stay without Kubernetes annotations.
      expect(annotated(entities)).toEqual(
        DEPLOYMENTS.map(d => {
          const [namespace, name] = d.split('/');
          return `Component ${name} -> ${namespace}/${name} (app.kubernetes.io/part-of=quantumlayer,app.kubernetes.io/name=${name})`;
        }),
      );
      const added = entities.find(
        e => e.entity.metadata.name === 'quantumlayer-worker',
      );
      expect(added?.entity).toMatchObject({
        kind: 'Component',
        spec: { type: 'service', system: 'quantumlayer' },
      });
      expect(added?.locationKey).toBe('QuantumlayerEntityProvider');
      expect(
        entities.find(e => e.entity.metadata.name === 'llm-router')?.entity
          .metadata.annotations,
      ).not.toHaveProperty(KUBERNETES_ID);
      for (const { entity } of entities) {
        await expect(validateEntity(entity)).resolves.toBeDefined();
      }
    });

    it('annotates a config Component once a Deployment carries its name label', async () => {
      const { apps } = admin();
      const labels = {
        'app.kubernetes.io/part-of': 'quantumlayer',
        'app.kubernetes.io/name': 'llm-router',
      };
      await apps.createNamespacedDeployment({
        namespace: 'quantumlayer',
        body: {
          metadata: { name: 'llm-router-canary', labels },
          spec: {
            replicas: 0,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: { containers: [{ name: 'router', image: 'busybox' }] },
            },
          },
        },
      });
      try {
        const entities = await refresh();

        expect(
          entities.find(e => e.entity.metadata.name === 'llm-router')?.entity
            .metadata.annotations,
        ).toMatchObject({
          [KUBERNETES_ID]: 'llm-router',
          'backstage.io/kubernetes-namespace': 'quantumlayer',
          'backstage.io/kubernetes-label-selector':
            'app.kubernetes.io/part-of=quantumlayer,app.kubernetes.io/name=llm-router',
        });
        expect(annotated(entities)).toHaveLength(DEPLOYMENTS.length + 1);
      } finally {
        await apps.deleteNamespacedDeployment({
          name: 'llm-router-canary',
          namespace: 'quantumlayer',
        });
      }
    });
  },
);
