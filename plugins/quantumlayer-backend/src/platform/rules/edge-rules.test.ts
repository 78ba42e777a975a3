import { named, platform } from '../../__testUtils__/platform-snapshot';
import { edgeIngressTls, serverAdmits } from './edge-rules';

const GATEWAY = 'Gateway istio-system/quantumlayer-gateway';

describe('edge-ingress-tls', () => {
  const judge = (change: Parameters<typeof platform>[0] = () => {}) =>
    edgeIngressTls(platform(change).snapshot);

  it('passes a Gateway serving the portal host over TLS with a Ready Certificate', () => {
    expect(judge()).toEqual([
      {
        id: 'edge-ingress-tls',
        title:
          'The platform is exposed only through an ingress Gateway over TLS, with a ready certificate',
        status: 'pass',
        object: GATEWAY,
        message:
          'serves quantumlayer.example.com for VirtualService quantumlayer/quantumlayer-ingress over TLS; Certificate istio-system/quantumlayer-tls is ready, valid until 2099-11-30T08:01:00Z',
      },
    ]);
  });

  it('fails a Certificate that is not Ready or has expired', () => {
    const [notReady] = judge(objects => {
      named(objects, 'Certificate', 'quantumlayer-tls').status.conditions = [
        {
          type: 'Ready',
          status: 'False',
          reason: 'Failed',
          message: 'ACME DNS-01 challenge failed',
        },
      ];
    });
    expect(notReady).toMatchObject({
      status: 'fail',
      message:
        'Certificate istio-system/quantumlayer-tls is not ready (Failed: ACME DNS-01 challenge failed)',
    });
    const [expired] = judge(objects => {
      named(objects, 'Certificate', 'quantumlayer-tls').status.notAfter =
        '2025-01-01T00:00:00Z';
    });
    expect(expired).toMatchObject({
      status: 'fail',
      message:
        'Certificate istio-system/quantumlayer-tls expired at 2025-01-01T00:00:00Z',
    });
  });

  it('fails a host without a TLS server and a plain HTTP port that does not redirect', () => {
    const [result] = judge(objects => {
      const servers = named(objects, 'Gateway', 'quantumlayer-gateway').spec
        .servers;
      servers.splice(0, 1);
      servers[0].tls = {};
    });
    expect(result).toMatchObject({
      status: 'fail',
      message:
        'no server terminates TLS for quantumlayer.example.com (protocol HTTPS, tls.mode SIMPLE and a credentialName); port 80 serves quantumlayer.example.com in plain HTTP; set tls.httpsRedirect: true',
    });
  });

  it('fails a binding to a Gateway that does not exist', () => {
    const [result] = judge(objects => {
      named(objects, 'Gateway', 'quantumlayer-gateway').metadata.name =
        'other';
    });
    expect(result).toMatchObject({
      status: 'fail',
      object: GATEWAY,
      message:
        'VirtualService quantumlayer/quantumlayer-ingress binds it, but it does not exist',
    });
  });

  it('fails once when no VirtualService binds an ingress Gateway', () => {
    const result = judge(objects => {
      for (const vs of objects.filter(o => o.kind === 'VirtualService')) {
        vs.spec.gateways = ['mesh'];
      }
    });
    expect(result).toEqual([
      expect.objectContaining({
        status: 'fail',
        object: 'Namespace quantumlayer, temporal',
        message: expect.stringMatching(/^no VirtualService binds an ingress/),
      }),
    ]);
  });

  it('passes without checking the credential where cert-manager is not installed, and is unknown where Gateways are refused', () => {
    const { snapshot } = platform();
    snapshot.lists.certificates['istio-system'] = {
      state: 'not-installed',
      items: [],
      message: 'certificates.cert-manager.io is not served',
    };
    expect(edgeIngressTls(snapshot)[0]).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(
        'credential quantumlayer-tls (not checked: cert-manager is not installed in the cluster)',
      ),
    });
    snapshot.lists.gateways['istio-system'] = {
      state: 'forbidden',
      items: [],
      message: 'gateways.networking.istio.io is forbidden in istio-system',
    };
    expect(edgeIngressTls(snapshot)[0]).toMatchObject({
      status: 'unknown',
      message: 'gateways.networking.istio.io is forbidden in istio-system',
    });
  });

  it('asks for ingressNamespace when the Gateway lives in a namespace it does not read', () => {
    const { snapshot } = platform();
    delete snapshot.lists.gateways['istio-system'];
    expect(edgeIngressTls(snapshot)[0]).toMatchObject({
      status: 'unknown',
      message:
        'namespace istio-system is not read; set quantumlayer.kubernetes.ingressNamespace to it',
    });
  });
});

describe('serverAdmits', () => {
  it.each([
    ['quantumlayer/portal.example.com', 'portal.example.com', true],
    ['other/portal.example.com', 'portal.example.com', false],
    ['*/portal.example.com', 'portal.example.com', true],
    ['portal.example.com', 'portal.example.com', true],
    ['./portal.example.com', 'portal.example.com', false],
    ['quantumlayer/*.example.com', 'portal.example.com', true],
    ['quantumlayer/*.example.com', 'example.com', false],
    ['quantumlayer/*', 'anything.test', true],
    ['quantumlayer/api.example.com', 'portal.example.com', false],
  ])('%s admits %s from namespace quantumlayer: %s', (entry, host, admits) => {
    expect(serverAdmits(entry, 'istio-system', 'quantumlayer', host)).toBe(
      admits,
    );
  });

  it('reads "." as the Gateway\'s own namespace', () => {
    expect(serverAdmits('./a.test', 'quantumlayer', 'quantumlayer', 'a.test')).toBe(
      true,
    );
  });
});
