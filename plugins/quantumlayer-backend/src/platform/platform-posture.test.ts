import {
  FIXTURE_EDGE_SERVICES,
  NAMESPACES,
  TOKEN,
  usePostureHarness,
} from '../__testUtils__/posture-harness';

describe('platform posture of a healthy platform', () => {
  const { kube, report, postureFor, verdicts } = usePostureHarness();

  it('reports a healthy platform with every rule passing', async () => {
    const r = await report();

    expect(r.kubernetes).toEqual({ status: 'ok', server: kube.url });
    expect(r.workloads).toEqual([
      {
        kind: 'Deployment',
        namespace: 'quantumlayer',
        name: 'api-gateway',
        replicas: 2,
        readyReplicas: 2,
        sidecar: false,
        edge: true,
        hpa: 'api-gateway',
        pdb: 'api-gateway',
      },
      {
        kind: 'Deployment',
        namespace: 'quantumlayer',
        name: 'llm-router',
        replicas: 3,
        readyReplicas: 3,
        sidecar: true,
        edge: false,
        hpa: 'llm-router',
        pdb: 'llm-router',
      },
      {
        kind: 'Deployment',
        namespace: 'quantumlayer',
        name: 'agent-orchestrator',
        replicas: 2,
        readyReplicas: 2,
        sidecar: true,
        edge: false,
        hpa: 'agent-orchestrator',
        pdb: 'agent-orchestrator',
      },
      {
        kind: 'Deployment',
        namespace: 'temporal',
        name: 'workflow-api',
        replicas: 2,
        readyReplicas: 2,
        sidecar: false,
        edge: true,
        hpa: 'workflow-api',
        pdb: 'workflow-api',
      },
      {
        // Istio's native sidecar: a restartable init container.
        kind: 'Deployment',
        namespace: 'temporal',
        name: 'workflow-worker',
        replicas: 2,
        readyReplicas: 2,
        sidecar: true,
        edge: false,
        hpa: 'workflow-worker',
        pdb: 'workflow-worker',
      },
    ]);
    expect(r.cnpg).toEqual({
      installed: true,
      status: 'ok',
      clusters: [
        {
          namespace: 'quantumlayer',
          name: 'quantumlayer-pg',
          instances: 3,
          readyInstances: 3,
          primary: 'quantumlayer-pg-1',
          phase: 'Cluster in healthy state',
          failover: null,
        },
      ],
      poolers: [
        {
          namespace: 'quantumlayer',
          name: 'quantumlayer-pg-pooler-rw',
          cluster: 'quantumlayer-pg',
          instances: 2,
          type: 'rw',
        },
      ],
    });
    expect(r.istio).toEqual({
      installed: true,
      status: 'ok',
      peerAuthentications: [
        { namespace: 'quantumlayer', name: 'default', mode: 'STRICT' },
        {
          namespace: 'quantumlayer',
          name: 'llm-router-from-gateway',
          mode: 'STRICT',
        },
        { namespace: 'temporal', name: 'default', mode: 'STRICT' },
        { namespace: 'istio-system', name: 'default', mode: 'STRICT' },
      ],
      destinationRules: [
        {
          namespace: 'quantumlayer',
          name: 'llm-router',
          host: 'llm-router.quantumlayer.svc.cluster.local',
          outlierDetection: true,
          connectionPool: true,
        },
        {
          namespace: 'quantumlayer',
          name: 'agent-orchestrator',
          host: 'agent-orchestrator',
          outlierDetection: true,
          connectionPool: true,
        },
        {
          namespace: 'quantumlayer',
          name: 'quantumlayer-pg-rw',
          host: 'quantumlayer-pg-rw.quantumlayer.svc.cluster.local',
          outlierDetection: false,
          connectionPool: false,
        },
      ],
      virtualServices: [
        {
          namespace: 'quantumlayer',
          name: 'llm-router',
          hosts: ['llm-router.quantumlayer.svc.cluster.local'],
          retries: 3,
        },
        {
          namespace: 'quantumlayer',
          name: 'agent-orchestrator',
          hosts: ['agent-orchestrator'],
          retries: 2,
        },
        {
          namespace: 'quantumlayer',
          name: 'quantumlayer-ingress',
          hosts: ['quantumlayer.example.com'],
          retries: null,
        },
      ],
    });
    expect(verdicts(r)).toEqual([
      'edge-no-sidecar pass Deployment quantumlayer/api-gateway',
      'edge-no-sidecar pass Deployment temporal/workflow-api',
      'internal-sidecar pass Deployment quantumlayer/llm-router',
      'internal-sidecar pass Deployment quantumlayer/agent-orchestrator',
      'internal-sidecar pass Deployment temporal/workflow-worker',
      'namespace-default-deny pass Namespace quantumlayer',
      'namespace-default-deny pass Namespace temporal',
      'workload-hpa pass Deployment quantumlayer/api-gateway',
      'workload-hpa pass Deployment quantumlayer/llm-router',
      'workload-hpa pass Deployment quantumlayer/agent-orchestrator',
      'workload-hpa pass Deployment temporal/workflow-api',
      'workload-hpa pass Deployment temporal/workflow-worker',
      'workload-pdb pass Deployment quantumlayer/api-gateway',
      'workload-pdb pass Deployment quantumlayer/llm-router',
      'workload-pdb pass Deployment quantumlayer/agent-orchestrator',
      'workload-pdb pass Deployment temporal/workflow-api',
      'workload-pdb pass Deployment temporal/workflow-worker',
      'istio-mtls-strict pass Namespace quantumlayer',
      'istio-mtls-strict pass Namespace temporal',
      'istio-destination-rule pass Service quantumlayer/llm-router',
      'istio-destination-rule pass Service quantumlayer/agent-orchestrator',
      'istio-circuit-breaking pass Service quantumlayer/llm-router',
      'istio-circuit-breaking pass Service quantumlayer/agent-orchestrator',
      'cnpg-cluster-ready pass Cluster quantumlayer/quantumlayer-pg',
      'cnpg-cluster-ha pass Cluster quantumlayer/quantumlayer-pg',
      'cnpg-pooler pass Cluster quantumlayer/quantumlayer-pg',
      'cnpg-backup-schedule pass Cluster quantumlayer/quantumlayer-pg',
      'cnpg-last-backup pass Cluster quantumlayer/quantumlayer-pg',
      'edge-ingress-tls pass Gateway istio-system/quantumlayer-gateway',
      'egress-registry-only pass Namespace quantumlayer',
      'egress-registry-only pass Namespace temporal',
    ]);
    expect(r.rules.find(rule => rule.id === 'workload-pdb')).toEqual({
      id: 'workload-pdb',
      title: 'Every service has a PodDisruptionBudget with minAvailable ≥ 1',
      status: 'pass',
      object: 'Deployment quantumlayer/api-gateway',
      message:
        'PodDisruptionBudget api-gateway keeps 1 available (minAvailable 1)',
    });
    expect(r.generatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('lists exactly the API paths of the platform, with the token, the platform selector and the page size', async () => {
    await report();
    const paths = kube.calls.map(c => c.path).sort();
    const ns = (n: string) => [
      `/api/v1/namespaces/${n}/pods?limit=500`,
      `/api/v1/namespaces/${n}/services?limit=500`,
      `/apis/apps/v1/namespaces/${n}/deployments?labelSelector=app.kubernetes.io%2Fpart-of%3Dquantumlayer&limit=500`,
      `/apis/autoscaling/v2/namespaces/${n}/horizontalpodautoscalers?limit=500`,
      `/apis/networking.istio.io/v1/namespaces/${n}/destinationrules?limit=500`,
      `/apis/networking.istio.io/v1/namespaces/${n}/gateways?limit=500`,
      `/apis/networking.istio.io/v1/namespaces/${n}/serviceentries?limit=500`,
      `/apis/networking.istio.io/v1/namespaces/${n}/sidecars?limit=500`,
      `/apis/networking.istio.io/v1/namespaces/${n}/virtualservices?limit=500`,
      `/apis/networking.k8s.io/v1/namespaces/${n}/networkpolicies?limit=500`,
      `/apis/policy/v1/namespaces/${n}/poddisruptionbudgets?limit=500`,
      `/apis/postgresql.cnpg.io/v1/namespaces/${n}/clusters?limit=500`,
      `/apis/postgresql.cnpg.io/v1/namespaces/${n}/poolers?limit=500`,
      `/apis/postgresql.cnpg.io/v1/namespaces/${n}/scheduledbackups?limit=500`,
      `/apis/security.istio.io/v1/namespaces/${n}/peerauthentications?limit=500`,
    ];
    expect(paths).toEqual(
      [
        ...ns('quantumlayer'),
        ...ns('temporal'),
        // The mesh root's policies and the ingress gateway's namespace.
        '/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications?limit=500',
        '/apis/networking.istio.io/v1/namespaces/istio-system/sidecars?limit=500',
        '/apis/networking.istio.io/v1/namespaces/istio-system/gateways?limit=500',
        '/apis/cert-manager.io/v1/namespaces/istio-system/certificates?limit=500',
      ].sort(),
    );
    expect(
      kube.calls.every(c => c.headers.authorization === `Bearer ${TOKEN}`),
    ).toBe(true);
  });

  it('reuses one report for cacheSeconds, also for concurrent callers', async () => {
    const posture = postureFor({
      enabled: true,
      server: kube.url,
      token: TOKEN,
      skipTLSVerify: true,
      namespaces: NAMESPACES,
      edgeServices: FIXTURE_EDGE_SERVICES,
      cacheSeconds: 60,
    });
    const [a, b] = await Promise.all([posture.report(), posture.report()]);
    const perReport = kube.calls.length;
    const c = await posture.report();
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(kube.calls).toHaveLength(perReport);
    expect(perReport).toBe(34);
  });
});
