import { ALL_GROUP_VERSIONS } from '../__testUtils__/kube-api-server';
import { TOKEN, usePostureHarness } from '../__testUtils__/posture-harness';

describe('platform posture with part of the API out of reach', () => {
  const { kube, report, verdicts } = usePostureHarness();

  it('says "not installed" when the CloudNativePG and Istio CRDs are missing, and cannot judge their rules', async () => {
    kube.state.served = ALL_GROUP_VERSIONS.filter(
      gv => !gv.includes('cnpg.io') && !gv.includes('istio.io'),
    );

    const r = await report();

    expect(r.kubernetes).toEqual({ status: 'ok', server: kube.url });
    expect(r.cnpg).toEqual({
      installed: false,
      status: 'not-installed',
      message:
        'clusters.postgresql.cnpg.io is not served (tried postgresql.cnpg.io/v1): its CRD is not installed; poolers.postgresql.cnpg.io is not served (tried postgresql.cnpg.io/v1): its CRD is not installed; scheduledbackups.postgresql.cnpg.io is not served (tried postgresql.cnpg.io/v1): its CRD is not installed',
      clusters: [],
      poolers: [],
    });
    expect(r.istio).toMatchObject({
      installed: false,
      status: 'not-installed',
      peerAuthentications: [],
      destinationRules: [],
      virtualServices: [],
    });
    expect(r.istio.message).toContain(
      'peerauthentications.security.istio.io is not served (tried security.istio.io/v1, security.istio.io/v1beta1)',
    );
    expect(verdicts(r, 'unknown')).toEqual([
      'istio-mtls-strict unknown Namespace quantumlayer',
      'istio-mtls-strict unknown Namespace temporal',
      'istio-destination-rule unknown Service quantumlayer/llm-router',
      'istio-destination-rule unknown Service quantumlayer/agent-orchestrator',
      'istio-circuit-breaking unknown Service quantumlayer/llm-router',
      'istio-circuit-breaking unknown Service quantumlayer/agent-orchestrator',
      'cnpg-cluster-ready unknown Namespace quantumlayer',
      'cnpg-cluster-ready unknown Namespace temporal',
      'cnpg-cluster-ha unknown Namespace quantumlayer',
      'cnpg-cluster-ha unknown Namespace temporal',
      'cnpg-pooler unknown Namespace quantumlayer',
      'cnpg-pooler unknown Namespace temporal',
      ...[
        'cnpg-backup-schedule',
        'cnpg-last-backup',
        'edge-ingress-tls',
        'egress-registry-only',
      ].flatMap(rule => [
        `${rule} unknown Namespace quantumlayer`,
        `${rule} unknown Namespace temporal`,
      ]),
    ]);
    // The sidecars are still there to see: those rules are judged from pods.
    expect(verdicts(r, 'fail')).toEqual([]);
    expect(r.workloads).toHaveLength(5);
  });

  it('falls back to Istio v1beta1 when v1 is not served', async () => {
    kube.state.served = ALL_GROUP_VERSIONS.filter(
      gv => !gv.endsWith('istio.io/v1'),
    );

    const r = await report();

    expect(r.istio.installed).toBe(true);
    expect(r.istio.status).toBe('ok');
    expect(r.istio.destinationRules).toHaveLength(3);
    expect(verdicts(r).filter(v => !v.includes(' pass '))).toEqual([]);
    const drCalls = kube.calls
      .map(c => c.path)
      .filter(p => p.includes('/namespaces/quantumlayer/destinationrules'));
    expect(drCalls.sort()).toEqual([
      '/apis/networking.istio.io/v1/namespaces/quantumlayer/destinationrules?limit=500',
      '/apis/networking.istio.io/v1beta1/namespaces/quantumlayer/destinationrules?limit=500',
    ]);
  });

  it('marks a section forbidden on RBAC 403, naming resource and verb, and reports the rest', async () => {
    kube.state.forbidden = [
      {
        resource: 'horizontalpodautoscalers.autoscaling',
        namespace: 'quantumlayer',
      },
      { resource: 'destinationrules.networking.istio.io' },
    ];

    const r = await report();

    expect(r.kubernetes).toEqual({
      status: 'forbidden',
      server: kube.url,
      message:
        'forbidden to list horizontalpodautoscalers.autoscaling in namespace quantumlayer: horizontalpodautoscalers.autoscaling is forbidden: User "system:serviceaccount:backstage:backstage" cannot list resource "horizontalpodautoscalers" in API group "autoscaling" in the namespace "quantumlayer"; grant "list" on horizontalpodautoscalers.autoscaling to the identity Backstage uses',
    });
    expect(r.istio.installed).toBe(true);
    expect(r.istio.status).toBe('forbidden');
    expect(r.istio.message).toContain(
      'forbidden to list destinationrules.networking.istio.io in namespace quantumlayer',
    );
    expect(r.istio.peerAuthentications).toHaveLength(4);
    expect(r.istio.destinationRules).toEqual([]);
    expect(r.cnpg.status).toBe('ok');
    expect(verdicts(r, 'unknown')).toEqual([
      'workload-hpa unknown Deployment quantumlayer/api-gateway',
      'workload-hpa unknown Deployment quantumlayer/llm-router',
      'workload-hpa unknown Deployment quantumlayer/agent-orchestrator',
      'istio-destination-rule unknown Service quantumlayer/llm-router',
      'istio-destination-rule unknown Service quantumlayer/agent-orchestrator',
      'istio-circuit-breaking unknown Service quantumlayer/llm-router',
      'istio-circuit-breaking unknown Service quantumlayer/agent-orchestrator',
    ]);
    expect(verdicts(r, 'fail')).toEqual([]);
    expect(r.workloads.map(w => w.hpa)).toEqual([
      null,
      null,
      null,
      'workflow-api',
      'workflow-worker',
    ]);
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });
});
