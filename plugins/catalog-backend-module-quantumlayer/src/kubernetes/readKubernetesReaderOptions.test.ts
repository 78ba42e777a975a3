import { ConfigReader } from '@backstage/config';
import { readKubernetesReaderOptions } from './KubernetesDeploymentReader';

const read = (quantumlayer: object) =>
  readKubernetesReaderOptions(new ConfigReader({ quantumlayer }));

describe('readKubernetesReaderOptions', () => {
  it('is off unless quantumlayer.catalog.kubernetes.enabled', () => {
    expect(read({ kubernetes: { server: 'https://k8s.test' } })).toBe(
      undefined,
    );
  });

  it("takes the cluster and the namespaces from quantumlayer.kubernetes, the posture's setting", () => {
    expect(
      read({
        kubernetes: {
          server: 'https://k8s.test/',
          token: 'reader-token',
          namespaces: ['ql'],
        },
        catalog: { kubernetes: { enabled: true } },
      }),
    ).toEqual({
      namespaces: ['ql'],
      auth: {
        type: 'server',
        server: 'https://k8s.test',
        token: 'reader-token',
        caData: undefined,
        skipTLSVerify: false,
      },
    });
  });

  it('uses the default kubeconfig and namespaces without a cluster setting', () => {
    expect(read({ catalog: { kubernetes: { enabled: true } } })).toEqual({
      namespaces: ['quantumlayer', 'temporal'],
      auth: undefined,
    });
  });

  it('refuses the old cluster block, naming where the cluster is set now', () => {
    expect(() =>
      read({
        catalog: {
          kubernetes: { enabled: true, cluster: { url: 'https://k8s.test' } },
        },
      }),
    ).toThrow(
      'quantumlayer.catalog.kubernetes.cluster is no longer read: set the cluster once under quantumlayer.kubernetes',
    );
  });
});
