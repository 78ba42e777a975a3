import { usePostureHarness } from '../__testUtils__/posture-harness';

describe('platform posture rules on a broken platform', () => {
  const { report, find, remove, podsOf, verdicts } = usePostureHarness();

  it('fails each violated rule on the object concerned', async () => {
    // An edge service with a sidecar.
    for (const pod of podsOf('quantumlayer', 'api-gateway')) {
      pod.spec.containers.push({
        name: 'istio-proxy',
        image: 'docker.io/istio/proxyv2:1.27.0',
        args: ['proxy', 'sidecar'],
      });
    }
    // An internal service without one.
    for (const pod of podsOf('quantumlayer', 'agent-orchestrator')) {
      pod.spec.containers = pod.spec.containers.filter(
        (c: { name: string }) => c.name !== 'istio-proxy',
      );
    }
    // A namespace without default-deny.
    remove(find('NetworkPolicy', 'temporal', 'default-deny-ingress'));
    // A Deployment without HPA, one without PDB, a PDB with minAvailable 0.
    remove(find('HorizontalPodAutoscaler', 'quantumlayer', 'llm-router'));
    remove(find('PodDisruptionBudget', 'temporal', 'workflow-api'));
    find('PodDisruptionBudget', 'quantumlayer', 'agent-orchestrator').spec = {
      minAvailable: 0,
      selector: { matchLabels: { app: 'agent-orchestrator' } },
    };
    // An internal service without DestinationRule.
    remove(find('DestinationRule', 'quantumlayer', 'agent-orchestrator'));

    const r = await report();

    expect(r.kubernetes.status).toBe('ok');
    expect(verdicts(r, 'fail')).toEqual([
      'edge-no-sidecar fail Deployment quantumlayer/api-gateway',
      'internal-sidecar fail Deployment quantumlayer/agent-orchestrator',
      'namespace-default-deny fail Namespace temporal',
      'workload-hpa fail Deployment quantumlayer/llm-router',
      'workload-pdb fail Deployment quantumlayer/agent-orchestrator',
      'workload-pdb fail Deployment temporal/workflow-api',
      'istio-destination-rule fail Service quantumlayer/agent-orchestrator',
      'istio-circuit-breaking fail Service quantumlayer/agent-orchestrator',
    ]);
    expect(verdicts(r, 'unknown')).toEqual([]);
    const message = (id: string, object: string) =>
      r.rules.find(rule => rule.id === id && rule.object === object)?.message;
    expect(
      message('edge-no-sidecar', 'Deployment quantumlayer/api-gateway'),
    ).toBe(
      '2 of 2 pods run istio-proxy; an edge service takes external traffic directly, so set sidecar.istio.io/inject: "false" on its pod template and restart it',
    );
    expect(
      message('internal-sidecar', 'Deployment quantumlayer/agent-orchestrator'),
    ).toMatch(/^2 of 2 pods run without istio-proxy/);
    expect(message('namespace-default-deny', 'Namespace temporal')).toMatch(
      /^no NetworkPolicy with podSelector \{\} and no ingress rules/,
    );
    expect(
      message('workload-pdb', 'Deployment quantumlayer/agent-orchestrator'),
    ).toBe(
      'PodDisruptionBudget agent-orchestrator has minAvailable 0, which lets a drain evict every pod; set minAvailable to 1 or more',
    );
    expect(
      message(
        'istio-destination-rule',
        'Service quantumlayer/agent-orchestrator',
      ),
    ).toBe(
      'no DestinationRule has host agent-orchestrator.quantumlayer.svc.cluster.local; add one with trafficPolicy.outlierDetection and connectionPool',
    );
    expect(r.workloads.map(w => [w.name, w.sidecar, w.hpa, w.pdb])).toEqual([
      ['api-gateway', true, 'api-gateway', 'api-gateway'],
      ['llm-router', true, null, 'llm-router'],
      ['agent-orchestrator', false, 'agent-orchestrator', 'agent-orchestrator'],
      ['workflow-api', false, 'workflow-api', null],
      ['workflow-worker', true, 'workflow-worker', 'workflow-worker'],
    ]);
  });

  it('reports a CloudNativePG failover in progress', async () => {
    const cluster = find('Cluster', 'quantumlayer', 'quantumlayer-pg');
    Object.assign(cluster.status, {
      readyInstances: 2,
      targetPrimary: 'quantumlayer-pg-2',
      phase: 'Failing over',
      phaseReason: 'Failing over from quantumlayer-pg-1 to quantumlayer-pg-2',
    });

    const r = await report();

    expect(r.cnpg.clusters[0]).toEqual({
      namespace: 'quantumlayer',
      name: 'quantumlayer-pg',
      instances: 3,
      readyInstances: 2,
      primary: 'quantumlayer-pg-1',
      phase: 'Failing over',
      failover: 'Failing over: quantumlayer-pg-1 → quantumlayer-pg-2',
    });
    expect(r.rules.filter(rule => rule.status === 'fail')).toEqual([
      {
        id: 'cnpg-cluster-ready',
        title: 'PostgreSQL clusters have every instance ready and a primary',
        status: 'fail',
        object: 'Cluster quantumlayer/quantumlayer-pg',
        message:
          '2 of 3 instances ready; Failing over: quantumlayer-pg-1 → quantumlayer-pg-2',
      },
    ]);
  });
});
