import {
  ApiException,
  type V1PodDisruptionBudget,
} from '@kubernetes/client-node';
import {
  APPLIED,
  describeOnRealKube,
  DEPLOYMENTS,
  usePostureOnRealKube,
  verdictOf,
  verdicts,
} from '../__testUtils__/real-kube-posture';

// The posture against a real kube-apiserver (etcd + kube-apiserver, no kubelet,
// scheduler or controllers) holding deploy/overlays/production, applied with
// its CRDs by scripts/apply-deploy.mjs. Objects are stored, defaulted and
// validated as in production, but nothing runs: no pods, no Deployment or CNPG
// status. The imitation (__testUtils__/kube-api-server.ts) still covers what
// only it can produce: hangs, 5xx, malformed bodies.

describeOnRealKube(
  'platform posture on a real API server with the production overlay',
  () => {
    const { kube, clients, report } = usePostureOnRealKube();

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
