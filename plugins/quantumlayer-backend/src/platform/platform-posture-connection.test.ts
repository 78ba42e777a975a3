import fs from 'fs';
import os from 'os';
import path from 'path';
import { freePort } from '@internal/quantumlayer-test-utils';
import {
  FIXTURE_EDGE_SERVICES,
  NAMESPACES,
  TOKEN,
  usePostureHarness,
} from '../__testUtils__/posture-harness';

describe('platform posture connecting to the cluster', () => {
  const { kube, report, postureFor, verdicts } = usePostureHarness();

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
        edgeServices: FIXTURE_EDGE_SERVICES,
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
});
