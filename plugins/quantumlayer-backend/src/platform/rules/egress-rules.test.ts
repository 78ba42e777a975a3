import { platform } from '../../__testUtils__/platform-snapshot';
import { egressRegistryOnly } from './egress-rules';

describe('egress-registry-only', () => {
  const judge = (change: Parameters<typeof platform>[0] = () => {}) =>
    egressRegistryOnly(platform(change).snapshot).map(r => [
      r.status,
      r.object,
      r.message,
    ]);
  const sidecar = (namespace: string, spec: Record<string, unknown>) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'Sidecar',
    metadata: { name: `s-${namespace}`, namespace },
    spec,
  });
  const dropSidecars = (objects: any[]) =>
    objects.splice(
      0,
      objects.length,
      ...objects.filter(o => o.kind !== 'Sidecar'),
    );

  it('passes namespaces whose Sidecar sets REGISTRY_ONLY, listing the declared hosts', () => {
    expect(judge()).toEqual([
      [
        'pass',
        'Namespace quantumlayer',
        'Sidecar quantumlayer/default sets REGISTRY_ONLY; declared external hosts: api.openai.com, api.anthropic.com',
      ],
      [
        'pass',
        'Namespace temporal',
        'Sidecar temporal/default sets REGISTRY_ONLY; declared external hosts: none',
      ],
    ]);
  });

  it('inherits a mesh-wide Sidecar in the root namespace, which a namespace one overrides', () => {
    const result = judge(objects => {
      dropSidecars(objects);
      objects.push(
        sidecar('istio-system', {
          outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
        }),
        sidecar('temporal', { outboundTrafficPolicy: { mode: 'ALLOW_ANY' } }),
      );
    });
    expect(result[0].slice(0, 2)).toEqual(['pass', 'Namespace quantumlayer']);
    expect(result[0][2]).toMatch(
      /^Sidecar istio-system\/s-istio-system sets REGISTRY_ONLY;/,
    );
    expect(result[1]).toEqual([
      'fail',
      'Namespace temporal',
      'Sidecar temporal/s-temporal sets ALLOW_ANY, so pods may reach any host; add a Sidecar without workloadSelector and outboundTrafficPolicy.mode: REGISTRY_ONLY',
    ]);
  });

  it('fails a workload Sidecar that leaves the policy to the mesh default', () => {
    const result = judge(objects => {
      objects.push(
        sidecar('quantumlayer', {
          workloadSelector: { labels: { app: 'llm-router' } },
        }),
      );
    });
    expect(result[0]).toEqual([
      'fail',
      'Namespace quantumlayer',
      "Sidecar quantumlayer/s-quantumlayer selects pods and leaves outboundTrafficPolicy to the mesh's default (ALLOW_ANY unless meshConfig says otherwise)",
    ]);
  });

  it('fails namespaces without any Sidecar, and is unknown where Sidecars are refused', () => {
    const { snapshot } = platform(dropSidecars);
    expect(egressRegistryOnly(snapshot)[0]).toMatchObject({
      status: 'fail',
      message:
        'no Sidecar without workloadSelector here or in istio-system, so pods may reach any host; add a Sidecar without workloadSelector and outboundTrafficPolicy.mode: REGISTRY_ONLY',
    });
    snapshot.lists.sidecars['istio-system'] = {
      state: 'forbidden',
      items: [],
      message: 'sidecars.networking.istio.io is forbidden in istio-system',
    };
    expect(egressRegistryOnly(snapshot).map(r => r.status)).toEqual([
      'unknown',
      'unknown',
    ]);
  });

  it('keeps judging when ServiceEntries cannot be read', () => {
    const { snapshot } = platform();
    snapshot.lists.serviceentries.quantumlayer = {
      state: 'forbidden',
      items: [],
      message: 'serviceentries.networking.istio.io is forbidden',
    };
    expect(egressRegistryOnly(snapshot)[0]).toMatchObject({
      status: 'pass',
      message:
        'Sidecar quantumlayer/default sets REGISTRY_ONLY; ServiceEntries could not be read',
    });
  });
});
