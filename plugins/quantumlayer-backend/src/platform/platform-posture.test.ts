import fs from 'fs';
import os from 'os';
import path from 'path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader, type JsonObject } from '@backstage/config';
import type { PostureReport } from '@internal/backstage-plugin-quantumlayer-common';
import { freePort } from '../__testUtils__/free-port';
import {
  ALL_GROUP_VERSIONS,
  KubeApiServer,
  KubeObject,
  startKubeApiServer,
} from '../__testUtils__/kube-api-server';
import { createPlatformPosture } from './platform-posture';

const TOKEN = 'posture-test-token';
const NAMESPACES = ['quantumlayer', 'temporal'];

let kube: KubeApiServer;

beforeEach(async () => {
  kube = await startKubeApiServer({ token: TOKEN });
});

afterEach(() => kube.close());

function postureFor(kubernetes: JsonObject) {
  return createPlatformPosture({
    config: new ConfigReader({ quantumlayer: { kubernetes } }),
    logger: mockServices.logger.mock(),
  });
}

/** The platform on the imitation, as an explicit server with a token. */
function report(extra: JsonObject = {}) {
  return postureFor({
    enabled: true,
    server: kube.url,
    token: TOKEN,
    skipTLSVerify: true,
    namespaces: NAMESPACES,
    ...extra,
  }).report();
}

const verdicts = (r: PostureReport, status?: string) =>
  r.rules
    .filter(rule => status === undefined || rule.status === status)
    .map(rule => `${rule.id} ${rule.status} ${rule.object}`);

const find = (kind: string, namespace: string, name: string) => {
  const found = kube.state.objects.find(
    o =>
      o.kind === kind &&
      o.metadata.namespace === namespace &&
      o.metadata.name === name,
  );
  if (!found) throw new Error(`no ${kind} ${namespace}/${name} in fixtures`);
  return found;
};

const remove = (object: KubeObject) => {
  kube.state.objects = kube.state.objects.filter(o => o !== object);
};

const podsOf = (namespace: string, app: string) =>
  kube.state.objects.filter(
    o =>
      o.kind === 'Pod' &&
      o.metadata.namespace === namespace &&
      o.metadata.labels?.app === app,
  );

describe('platform posture against a Kubernetes API server', () => {
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

  it('lists exactly the API paths of the platform, with the token and the platform selector', async () => {
    await report();
    const paths = kube.calls.map(c => c.path).sort();
    const ns = (n: string) => [
      `/api/v1/namespaces/${n}/pods`,
      `/api/v1/namespaces/${n}/services`,
      `/apis/apps/v1/namespaces/${n}/deployments?labelSelector=app.kubernetes.io%2Fpart-of%3Dquantumlayer`,
      `/apis/autoscaling/v2/namespaces/${n}/horizontalpodautoscalers`,
      `/apis/networking.istio.io/v1/namespaces/${n}/destinationrules`,
      `/apis/networking.istio.io/v1/namespaces/${n}/virtualservices`,
      `/apis/networking.k8s.io/v1/namespaces/${n}/networkpolicies`,
      `/apis/policy/v1/namespaces/${n}/poddisruptionbudgets`,
      `/apis/postgresql.cnpg.io/v1/namespaces/${n}/clusters`,
      `/apis/postgresql.cnpg.io/v1/namespaces/${n}/poolers`,
      `/apis/security.istio.io/v1/namespaces/${n}/peerauthentications`,
    ];
    expect(paths).toEqual(
      [
        ...ns('quantumlayer'),
        ...ns('temporal'),
        '/apis/security.istio.io/v1/namespaces/istio-system/peerauthentications',
      ].sort(),
    );
    expect(
      kube.calls.every(c => c.headers.authorization === `Bearer ${TOKEN}`),
    ).toBe(true);
  });

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
        'clusters.postgresql.cnpg.io is not served (tried postgresql.cnpg.io/v1): its CRD is not installed; poolers.postgresql.cnpg.io is not served (tried postgresql.cnpg.io/v1): its CRD is not installed',
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
      '/apis/networking.istio.io/v1/namespaces/quantumlayer/destinationrules',
      '/apis/networking.istio.io/v1beta1/namespaces/quantumlayer/destinationrules',
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

  it('reports an unreachable API server as an error, without verdicts', async () => {
    const port = await freePort();

    const r = await postureFor({
      enabled: true,
      server: `http://127.0.0.1:${port}`,
      token: TOKEN,
      skipTLSVerify: true,
    }).report();

    expect(r.kubernetes).toEqual({
      status: 'error',
      server: `http://127.0.0.1:${port}`,
      message: `cannot reach the Kubernetes API at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    });
    expect(r.cnpg).toMatchObject({ installed: false, status: 'error' });
    expect(r.istio).toMatchObject({ installed: false, status: 'error' });
    expect(r.workloads).toEqual([]);
    expect(r.rules).toEqual([]);
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('gives up on a hung API server after timeoutSeconds', async () => {
    kube.state.hang = true;

    const r = await report({ timeoutSeconds: 0.2 });

    expect(r.kubernetes).toEqual({
      status: 'error',
      server: kube.url,
      message: `no answer from the Kubernetes API at ${kube.url} within 0.2 s; check the server or raise quantumlayer.kubernetes.timeoutSeconds`,
    });
    expect(r.rules).toEqual([]);
  });

  it('reports rejected credentials (401) as an error', async () => {
    const r = await report({ token: 'stale-token' });

    expect(r.kubernetes).toEqual({
      status: 'error',
      server: kube.url,
      message: `the API server at ${kube.url} rejected the credentials (401 Unauthorized); check quantumlayer.kubernetes.token or the kubeconfig user`,
    });
    expect(r.rules).toEqual([]);
    expect(JSON.stringify(r)).not.toContain('stale-token');
  });

  it('reads the cluster through a kubeconfig file and context', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-kubeconfig-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '  - name: k3s',
        '    cluster:',
        `      server: ${kube.url}`,
        '      insecure-skip-tls-verify: true',
        'users:',
        '  - name: backstage',
        '    user:',
        `      token: ${TOKEN}`,
        'contexts:',
        '  - name: other',
        '    context: { cluster: k3s, user: nobody }',
        '  - name: quantumlayer',
        '    context: { cluster: k3s, user: backstage }',
        'current-context: other',
        '',
      ].join('\n'),
    );
    try {
      const r = await postureFor({
        enabled: true,
        auth: 'kubeconfig',
        kubeconfig: file,
        context: 'quantumlayer',
        namespaces: NAMESPACES,
      }).report();
      expect(r.kubernetes).toEqual({ status: 'ok', server: kube.url });
      expect(verdicts(r).every(v => v.includes(' pass '))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains setups that cannot address a cluster', async () => {
    const plainHttp = await postureFor({
      enabled: true,
      server: kube.url,
    }).report();
    expect(plainHttp.kubernetes).toEqual({
      status: 'error',
      message: `quantumlayer.kubernetes.server ${kube.url} is plain HTTP; set skipTLSVerify: true to allow it (only for a local proxy such as kubectl proxy) or use https`,
    });
    const missing = await postureFor({
      enabled: true,
      auth: 'kubeconfig',
      kubeconfig: '/nonexistent/kubeconfig',
    }).report();
    expect(missing.kubernetes.message).toBe(
      'kubeconfig /nonexistent/kubeconfig does not exist; set quantumlayer.kubernetes.kubeconfig to its path',
    );
    expect(kube.calls).toEqual([]);
  });

  it('says not-configured when disabled, without calling anything', async () => {
    const r = await postureFor({ server: kube.url }).report();
    expect(r).toEqual({
      generatedAt: expect.any(String),
      kubernetes: {
        status: 'not-configured',
        message: expect.stringContaining('set quantumlayer.kubernetes.enabled'),
      },
      workloads: [],
      cnpg: { installed: false, clusters: [], poolers: [] },
      istio: {
        installed: false,
        peerAuthentications: [],
        destinationRules: [],
        virtualServices: [],
      },
      rules: [],
    });
    expect(kube.calls).toEqual([]);
  });

  it('reuses one report for cacheSeconds, also for concurrent callers', async () => {
    const posture = postureFor({
      enabled: true,
      server: kube.url,
      token: TOKEN,
      skipTLSVerify: true,
      namespaces: NAMESPACES,
      cacheSeconds: 60,
    });
    const [a, b] = await Promise.all([posture.report(), posture.report()]);
    const perReport = kube.calls.length;
    const c = await posture.report();
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(kube.calls).toHaveLength(perReport);
    expect(perReport).toBe(23);
  });
});
