import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader, type JsonObject } from '@backstage/config';
import type { PostureReport } from '@internal/backstage-plugin-quantumlayer-common';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  PolicyV1Api,
  type V1PodDisruptionBudget,
} from '@kubernetes/client-node';
import { realKubeUnavailable, useRealKube } from '../__testUtils__/real-kube';
import { createPlatformPosture } from './platform-posture';

// The posture against a real kube-apiserver (etcd + kube-apiserver, no kubelet,
// scheduler or controllers) holding deploy/overlays/production, applied with
// its CRDs by scripts/apply-deploy.mjs. Objects are stored, defaulted and
// validated as in production, but nothing runs: no pods, no Deployment or CNPG
// status. The imitation (__testUtils__/kube-api-server.ts) still covers what
// only it can produce: hangs, 5xx, malformed bodies.

const unavailable = realKubeUnavailable();
if (unavailable) {
  // eslint-disable-next-line no-console
  console.warn(`skipping the real-kube posture tests: ${unavailable}`);
}

/** The platform config deploy/base/apps/gateway.yaml ships, as an explicit server. */
const PLATFORM = {
  enabled: true,
  namespaces: ['quantumlayer', 'temporal'],
  edgeServices: [
    'quantumlayer/quantumlayer-gateway',
    'temporal/quantumlayer-workflow-api',
  ],
  meshRootNamespace: 'istio-system',
};

const DEPLOYMENTS = [
  'quantumlayer/otel-collector',
  'quantumlayer/quantumlayer-gateway',
  'quantumlayer/quantumlayer-router',
  'temporal/quantumlayer-sandbox-worker',
  'temporal/quantumlayer-worker',
  'temporal/quantumlayer-workflow-api',
];
const INTERNAL = DEPLOYMENTS.filter(d => !PLATFORM.edgeServices.includes(d));
/** The internal Deployments' Services (the edge ones' are not judged by the Istio rules). */
const SERVICES = [
  'quantumlayer/otel-collector',
  'quantumlayer/llm-router',
  'temporal/sandbox-worker',
  'temporal/worker',
];

/** The verdicts on the production overlay as applied, in the rules' order. */
const APPLIED = [
  // The gateway and workflow API templates carry sidecar.istio.io/inject:
  // "false", and no pod runs, so none has an istio-proxy: pass.
  'edge-no-sidecar pass Deployment quantumlayer/quantumlayer-gateway',
  'edge-no-sidecar pass Deployment temporal/quantumlayer-workflow-api',
  // Whether a sidecar was injected is seen only in pods, and nothing schedules
  // any: unknown, never a guess from the template.
  ...INTERNAL.map(d => `internal-sidecar unknown Deployment ${d}`),
  // Both namespaces have a NetworkPolicy default-deny (empty podSelector,
  // Ingress and Egress).
  'namespace-default-deny pass Namespace quantumlayer',
  'namespace-default-deny pass Namespace temporal',
  // Every Deployment has its HorizontalPodAutoscaler and PodDisruptionBudget;
  // both rules read the specs only, so no running pod is needed.
  ...DEPLOYMENTS.map(d => `workload-hpa pass Deployment ${d}`),
  ...DEPLOYMENTS.map(d => `workload-pdb pass Deployment ${d}`),
  // PeerAuthentication default sets STRICT in both namespaces.
  'istio-mtls-strict pass Namespace quantumlayer',
  'istio-mtls-strict pass Namespace temporal',
  // A DestinationRule with outlierDetection and connectionPool per internal
  // Service; edge services take traffic outside the mesh, so none is judged.
  ...SERVICES.map(s => `istio-destination-rule pass Service ${s}`),
  ...SERVICES.map(s => `istio-circuit-breaking pass Service ${s}`),
  // No CloudNativePG operator runs, so the Cluster has no status: 0 of 3
  // instances ready and no primary, a real failure on a real cluster too.
  'cnpg-cluster-ready fail Cluster quantumlayer/quantumlayer-db',
  // HA and the pooler are read from the specs: 3 instances, a rw Pooler.
  'cnpg-cluster-ha pass Cluster quantumlayer/quantumlayer-db',
  'cnpg-pooler pass Cluster quantumlayer/quantumlayer-db',
  // WAL archived to the object store, a daily ScheduledBackup: from the specs.
  'cnpg-backup-schedule pass Cluster quantumlayer/quantumlayer-db',
  // No operator, so no backup was ever taken: status.lastSuccessfulBackup empty.
  'cnpg-last-backup fail Cluster quantumlayer/quantumlayer-db',
  // The portal VirtualService binds Gateway istio-system/quantumlayer, HTTPS
  // with quantumlayer-portal-tls and port 80 redirecting; no cert-manager
  // controller runs, so its Certificate has no Ready condition: fail.
  'edge-ingress-tls fail Gateway istio-system/quantumlayer',
  // A namespace-wide Sidecar with REGISTRY_ONLY in each namespace.
  'egress-registry-only pass Namespace quantumlayer',
  'egress-registry-only pass Namespace temporal',
];

const verdicts = (r: PostureReport) =>
  r.rules.map(rule => `${rule.id} ${rule.status} ${rule.object}`);

const verdictOf = (r: PostureReport, id: string, object: string) =>
  r.rules.find(rule => rule.id === id && rule.object === object);

(unavailable ? describe.skip : describe)(
  'platform posture on a real API server with the production overlay',
  () => {
    const kube = useRealKube();
    jest.setTimeout(60_000);

    /** Admin (system:masters) or `token`'s API clients. */
    function clients(token = kube().token) {
      const kc = new KubeConfig();
      kc.loadFromClusterAndUser(
        {
          name: 'real',
          server: kube().server,
          caData: kube().caData,
          skipTLSVerify: false,
        },
        { name: 'real', token },
      );
      return {
        core: kc.makeApiClient(CoreV1Api),
        apps: kc.makeApiClient(AppsV1Api),
        policy: kc.makeApiClient(PolicyV1Api),
        networking: kc.makeApiClient(NetworkingV1Api),
        custom: kc.makeApiClient(CustomObjectsApi),
      };
    }

    /** A fresh report (no cache) through the plugin's real config keys. */
    function report(extra: JsonObject = {}) {
      return createPlatformPosture({
        config: new ConfigReader({
          quantumlayer: {
            kubernetes: {
              ...PLATFORM,
              server: kube().server,
              token: kube().token,
              caData: kube().caData,
              ...extra,
            },
          },
        }),
        logger: mockServices.logger.mock(),
      }).report();
    }

    it('gives the applied overlay its real verdicts', async () => {
      const r = await report();

      expect(r.kubernetes).toEqual({ status: 'ok', server: kube().server });
      expect(r.cnpg).toMatchObject({ installed: true, status: 'ok' });
      expect(r.istio).toMatchObject({ installed: true, status: 'ok' });
      expect(r.workloads.map(w => `${w.namespace}/${w.name}`).sort()).toEqual(
        DEPLOYMENTS,
      );
      expect(verdicts(r)).toEqual(APPLIED);
    });

    it('fails workload-pdb when the gateway PodDisruptionBudget is deleted', async () => {
      const { policy } = clients();
      const target = {
        name: 'quantumlayer-gateway',
        namespace: 'quantumlayer',
      };
      const original = await policy.readNamespacedPodDisruptionBudget(target);
      await policy.deleteNamespacedPodDisruptionBudget(target);
      try {
        const r = await report();

        expect(
          verdictOf(
            r,
            'workload-pdb',
            'Deployment quantumlayer/quantumlayer-gateway',
          ),
        ).toMatchObject({ status: 'fail' });
        expect(verdicts(r).filter(v => !APPLIED.includes(v))).toEqual([
          'workload-pdb fail Deployment quantumlayer/quantumlayer-gateway',
        ]);
      } finally {
        const body: V1PodDisruptionBudget = {
          metadata: {
            name: original.metadata!.name,
            namespace: original.metadata!.namespace,
            labels: original.metadata!.labels,
          },
          spec: original.spec,
        };
        await policy.createNamespacedPodDisruptionBudget({
          namespace: target.namespace,
          body,
        });
      }
    });

    it('fails edge-no-sidecar when the gateway pod template asks for injection', async () => {
      const { apps } = clients();
      const target = {
        name: 'quantumlayer-gateway',
        namespace: 'quantumlayer',
      };
      const setInject = async (value: string) => {
        const d = await apps.readNamespacedDeployment(target);
        d.spec!.template.metadata!.annotations = {
          ...d.spec!.template.metadata!.annotations,
          'sidecar.istio.io/inject': value,
        };
        await apps.replaceNamespacedDeployment({ ...target, body: d });
      };
      await setInject('true');
      try {
        const r = await report();

        expect(verdicts(r).filter(v => !APPLIED.includes(v))).toEqual([
          'edge-no-sidecar fail Deployment quantumlayer/quantumlayer-gateway',
        ]);
        expect(
          verdictOf(
            r,
            'edge-no-sidecar',
            'Deployment quantumlayer/quantumlayer-gateway',
          )?.message,
        ).toContain('the pod template lacks sidecar.istio.io/inject: "false"');
      } finally {
        await setInject('false');
      }
    });

    it('fails istio-mtls-strict when a namespace PeerAuthentication is PERMISSIVE', async () => {
      const { custom } = clients();
      const target = {
        group: 'security.istio.io',
        version: 'v1',
        plural: 'peerauthentications',
        namespace: 'temporal',
        name: 'default',
      };
      const setMode = async (mode: string) => {
        const pa = await custom.getNamespacedCustomObject(target);
        pa.spec.mtls.mode = mode;
        await custom.replaceNamespacedCustomObject({ ...target, body: pa });
      };
      await setMode('PERMISSIVE');
      try {
        const r = await report();

        expect(verdicts(r).filter(v => !APPLIED.includes(v))).toEqual([
          'istio-mtls-strict fail Namespace temporal',
        ]);
      } finally {
        await setMode('STRICT');
      }
    });

    /** A namespaced custom object, as CustomObjectsApi addresses it. */
    type CustomObjectRef = {
      group: string;
      version: string;
      plural: string;
      namespace: string;
      name: string;
    };

    /** Sets a custom object's status (the status subresource), returning the old one. */
    async function setStatus(target: CustomObjectRef, status: unknown) {
      const { custom } = clients();
      const object = await custom.getNamespacedCustomObject(target);
      const previous = object.status ?? {};
      await custom.replaceNamespacedCustomObjectStatus({
        ...target,
        body: { ...object, status },
      });
      return previous;
    }

    /** Changes one field of a custom object's spec, runs `check`, and puts it back. */
    async function withSpecChange(
      target: CustomObjectRef,
      change: (spec: any) => void,
      check: () => Promise<void>,
    ) {
      const { custom } = clients();
      const original = await custom.getNamespacedCustomObject(target);
      const changed = structuredClone(original);
      change(changed.spec);
      await custom.replaceNamespacedCustomObject({ ...target, body: changed });
      try {
        await check();
      } finally {
        const current = await custom.getNamespacedCustomObject(target);
        await custom.replaceNamespacedCustomObject({
          ...target,
          body: { ...current, spec: original.spec },
        });
      }
    }

    const CERTIFICATE = {
      group: 'cert-manager.io',
      version: 'v1',
      plural: 'certificates',
      namespace: 'istio-system',
      name: 'quantumlayer-portal',
    };
    const DB_CLUSTER = {
      group: 'postgresql.cnpg.io',
      version: 'v1',
      plural: 'clusters',
      namespace: 'quantumlayer',
      name: 'quantumlayer-db',
    };
    const GATEWAY_OBJECT = 'Gateway istio-system/quantumlayer';
    const DB_OBJECT = 'Cluster quantumlayer/quantumlayer-db';

    it('passes edge-ingress-tls once the Certificate is Ready, and fails it when port 80 stops redirecting', async () => {
      const notAfter = new Date(Date.now() + 60 * 86_400_000).toISOString();
      const previous = await setStatus(CERTIFICATE, {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'Ready', message: 'issued' },
        ],
        notAfter,
      });
      try {
        const ready = await report();
        expect(verdictOf(ready, 'edge-ingress-tls', GATEWAY_OBJECT)).toEqual(
          expect.objectContaining({
            status: 'pass',
            message: expect.stringContaining(
              `Certificate istio-system/quantumlayer-portal is ready, valid until ${notAfter}`,
            ),
          }),
        );

        await withSpecChange(
          {
            group: 'networking.istio.io',
            version: 'v1',
            plural: 'gateways',
            namespace: 'istio-system',
            name: 'quantumlayer',
          },
          spec => {
            spec.servers[1].tls.httpsRedirect = false;
          },
          async () => {
            const r = await report();
            expect(verdictOf(r, 'edge-ingress-tls', GATEWAY_OBJECT)).toEqual(
              expect.objectContaining({
                status: 'fail',
                message:
                  'port 80 serves quantumlayer.example.com in plain HTTP; set tls.httpsRedirect: true',
              }),
            );
          },
        );
      } finally {
        await setStatus(CERTIFICATE, previous);
      }
      expect(
        verdictOf(await report(), 'edge-ingress-tls', GATEWAY_OBJECT)?.status,
      ).toBe('fail');
    });

    it('judges cnpg-last-backup from the Cluster status: recent, too old, failed', async () => {
      const hoursAgo = (h: number) =>
        new Date(Date.now() - h * 3_600_000).toISOString();
      const previous = await setStatus(DB_CLUSTER, {
        lastSuccessfulBackup: hoursAgo(3),
        firstRecoverabilityPoint: hoursAgo(50),
      });
      try {
        const recent = await report();
        expect(verdictOf(recent, 'cnpg-last-backup', DB_OBJECT)).toEqual(
          expect.objectContaining({
            status: 'pass',
            message: expect.stringMatching(
              /^last successful backup \S+, 3\.0 h ago; recoverable to any point since /,
            ),
          }),
        );

        await setStatus(DB_CLUSTER, { lastSuccessfulBackup: hoursAgo(30) });
        const old = await report();
        expect(verdictOf(old, 'cnpg-last-backup', DB_OBJECT)).toEqual(
          expect.objectContaining({
            status: 'fail',
            message: expect.stringContaining('older than 26 hours'),
          }),
        );
        expect(
          verdictOf(
            await report({ maxBackupAgeHours: 48 }),
            'cnpg-last-backup',
            DB_OBJECT,
          )?.status,
        ).toBe('pass');

        await setStatus(DB_CLUSTER, {
          lastSuccessfulBackup: hoursAgo(3),
          lastFailedBackup: hoursAgo(1),
          conditions: [
            {
              type: 'LastBackupSucceeded',
              status: 'False',
              reason: 'LastBackupFailed',
              message: 'barman-cloud-backup: access denied',
              lastTransitionTime: hoursAgo(1),
            },
          ],
        });
        const failed = await report();
        expect(verdictOf(failed, 'cnpg-last-backup', DB_OBJECT)).toEqual(
          expect.objectContaining({
            status: 'fail',
            message: expect.stringContaining('the last backup failed at '),
          }),
        );
        expect(
          verdictOf(failed, 'cnpg-last-backup', DB_OBJECT)?.message,
        ).toContain('LastBackupFailed: barman-cloud-backup: access denied');
      } finally {
        await setStatus(DB_CLUSTER, previous);
      }
    });

    it('fails cnpg-backup-schedule when the ScheduledBackup is suspended', async () => {
      await withSpecChange(
        {
          group: 'postgresql.cnpg.io',
          version: 'v1',
          plural: 'scheduledbackups',
          namespace: 'quantumlayer',
          name: 'quantumlayer-db-daily',
        },
        spec => {
          spec.suspend = true;
        },
        async () => {
          const r = await report();
          expect(verdicts(r).filter(v => !APPLIED.includes(v))).toEqual([
            `cnpg-backup-schedule fail ${DB_OBJECT}`,
          ]);
          expect(verdictOf(r, 'cnpg-backup-schedule', DB_OBJECT)?.message).toBe(
            'every ScheduledBackup is suspended (quantumlayer-db-daily); set spec.suspend: false',
          );
        },
      );
    });

    it('fails egress-registry-only when a namespace Sidecar allows any host', async () => {
      await withSpecChange(
        {
          group: 'networking.istio.io',
          version: 'v1',
          plural: 'sidecars',
          namespace: 'temporal',
          name: 'default',
        },
        spec => {
          spec.outboundTrafficPolicy.mode = 'ALLOW_ANY';
        },
        async () => {
          const r = await report();
          expect(verdicts(r).filter(v => !APPLIED.includes(v))).toEqual([
            'egress-registry-only fail Namespace temporal',
          ]);
        },
      );
      const r = await report();
      expect(
        verdictOf(r, 'egress-registry-only', 'Namespace quantumlayer')?.message,
      ).toBe(
        'Sidecar quantumlayer/default sets REGISTRY_ONLY; declared external hosts: api.openai.com',
      );
    });

    it('judges internal-sidecar from pods once they exist (pending pods, nothing schedules them)', async () => {
      const { apps, core } = clients();
      const router = await apps.readNamespacedDeployment({
        name: 'quantumlayer-router',
        namespace: 'quantumlayer',
      });
      const labels = router.spec!.selector.matchLabels!;
      const pod = (name: string, containers: string[]) =>
        core.createNamespacedPod({
          namespace: 'quantumlayer',
          body: {
            metadata: { name, labels },
            spec: {
              // No controller-manager makes a namespace's "default" account.
              serviceAccountName:
                router.spec!.template.spec!.serviceAccountName,
              automountServiceAccountToken: false,
              containers: containers.map(c => ({ name: c, image: 'busybox' })),
            },
          },
        });
      const object = 'Deployment quantumlayer/quantumlayer-router';
      try {
        await pod('router-with-proxy', ['router', 'istio-proxy']);
        const injected = await report();
        expect(verdictOf(injected, 'internal-sidecar', object)).toMatchObject({
          status: 'pass',
        });

        await pod('router-without-proxy', ['router']);
        const r = await report();
        expect(verdicts(r).filter(v => !APPLIED.includes(v))).toEqual([
          `internal-sidecar fail ${object}`,
        ]);
      } finally {
        for (const name of ['router-with-proxy', 'router-without-proxy']) {
          await core
            .deleteNamespacedPod({
              name,
              namespace: 'quantumlayer',
              gracePeriodSeconds: 0,
            })
            .catch(() => undefined);
        }
      }
    });

    it('reads lists page by page with the continue token (pageSize)', async () => {
      const { core, networking } = clients();
      const namespace = 'posture-paging';
      await core.createNamespace({ body: { metadata: { name: namespace } } });
      // 120 allow-policies, then the default-deny, which sorts last: with 10 a
      // page it is on page 13, so the verdict is pass only if every page is read.
      for (let i = 0; i < 120; i++) {
        await networking.createNamespacedNetworkPolicy({
          namespace,
          body: {
            metadata: { name: `allow-${String(i).padStart(3, '0')}` },
            spec: {
              podSelector: { matchLabels: { app: `a${i}` } },
              policyTypes: ['Ingress'],
              ingress: [{}],
            },
          },
        });
      }
      await networking.createNamespacedNetworkPolicy({
        namespace,
        body: {
          metadata: { name: 'zz-default-deny' },
          spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
        },
      });
      // The server does page: the first 10 hold no default-deny, and continue.
      const first = await networking.listNamespacedNetworkPolicy({
        namespace,
        limit: 10,
      });
      expect(first.items).toHaveLength(10);
      expect(first.metadata?._continue).toBeTruthy();
      expect(first.items.map(p => p.metadata?.name)).not.toContain(
        'zz-default-deny',
      );

      const r = await report({
        namespaces: ['quantumlayer', 'temporal', namespace],
        pageSize: 10,
      });

      expect(
        verdictOf(r, 'namespace-default-deny', `Namespace ${namespace}`),
      ).toMatchObject({
        status: 'pass',
        message: expect.stringContaining('zz-default-deny'),
      });
      // The platform's own verdicts are unchanged by paging (23 NetworkPolicies,
      // 6 of each other kind, in pages of 10).
      expect(verdicts(r).filter(v => !v.includes(namespace))).toEqual(APPLIED);
    });

    describe('as the ServiceAccount deploy/base/rbac/cluster-readers.yaml binds', () => {
      let readerToken: string;
      beforeAll(async () => {
        const { core } = clients();
        const { status } = await core.createNamespacedServiceAccountToken({
          name: 'quantumlayer-gateway',
          namespace: 'quantumlayer',
          body: { spec: { audiences: [], expirationSeconds: 600 } },
        });
        readerToken = status!.token;
      });

      it('reads everything the posture needs: the same verdicts as admin', async () => {
        const r = await report({ token: readerToken });

        expect(r.kubernetes).toEqual({ status: 'ok', server: kube().server });
        expect(r.cnpg).toMatchObject({ installed: true, status: 'ok' });
        expect(r.istio).toMatchObject({ installed: true, status: 'ok' });
        expect(verdicts(r)).toEqual(APPLIED);
        expect(JSON.stringify(r)).not.toContain(readerToken);
      });

      it('is refused Secrets (403), which the posture never reads', async () => {
        const { core } = clients(readerToken);

        const refused = await core
          .listNamespacedSecret({ namespace: 'quantumlayer' })
          .then(
            () => undefined,
            (error: unknown) => error,
          );

        expect(refused).toBeInstanceOf(ApiException);
        expect((refused as ApiException<unknown>).code).toBe(403);
      });

      it('is refused a namespace the role is not bound in, shown as a forbidden section', async () => {
        const r = await report({
          token: readerToken,
          namespaces: ['quantumlayer', 'temporal', 'default'],
        });

        expect(r.kubernetes).toMatchObject({
          status: 'forbidden',
          message: expect.stringContaining('default'),
        });
      });
    });
  },
);
