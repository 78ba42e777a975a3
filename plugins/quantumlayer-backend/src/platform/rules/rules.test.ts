import type { KubeObject } from '../../__testUtils__/kube-api-server';
import {
  named,
  NAMESPACES,
  platform,
} from '../../__testUtils__/platform-snapshot';
import type { DestinationRule } from '../istio-api';
import { selectorMatches } from '../label-selector';
import { buildWorkloads } from '../platform-model';
import { workloadPdb } from './availability-rules';
import { cnpgClusterHa, cnpgPooler, failoverState } from './cnpg-rules';
import { hostCovers, istioMtlsStrict } from './istio-rules';
import { edgeNoSidecar, internalSidecar } from './sidecar-rules';

describe('sidecar rules', () => {
  it('fails an edge service without the inject annotation, even with no sidecar yet', () => {
    const { snapshot, workloads } = platform(objects => {
      named(
        objects,
        'Deployment',
        'api-gateway',
      ).spec.template.metadata.annotations = {};
    });
    expect(edgeNoSidecar(snapshot, workloads)[0]).toEqual({
      id: 'edge-no-sidecar',
      title: 'Edge services run without an Istio sidecar and are annotated so',
      status: 'fail',
      object: 'Deployment quantumlayer/api-gateway',
      message:
        'no sidecar in 2 pods, but the pod template lacks sidecar.istio.io/inject: "false"; in an injected namespace the next rollout adds one',
    });
  });

  it('accepts the inject label instead of the annotation', () => {
    const { snapshot, workloads } = platform(objects => {
      const template = named(objects, 'Deployment', 'api-gateway').spec.template
        .metadata;
      template.annotations = {};
      template.labels['sidecar.istio.io/inject'] = 'false';
    });
    expect(edgeNoSidecar(snapshot, workloads)[0].status).toBe('pass');
  });

  it('reports configured edge services that are not deployed as unknown', () => {
    const { snapshot } = platform();
    snapshot.edgeServices = ['api-gateway', 'web-frontend'];
    expect(
      edgeNoSidecar(snapshot, buildWorkloads(snapshot)).map(r => [
        r.status,
        r.object,
      ]),
    ).toEqual([
      ['pass', 'Deployment quantumlayer/api-gateway'],
      ['unknown', 'Deployment */web-frontend'],
    ]);
  });

  it('cannot judge an internal service without running pods', () => {
    const { snapshot, workloads } = platform(objects => {
      objects.splice(
        0,
        objects.length,
        ...objects.filter(
          o => o.kind !== 'Pod' || o.metadata.labels?.app !== 'llm-router',
        ),
      );
    });
    const llmRouter = internalSidecar(snapshot, workloads).find(
      r => r.object === 'Deployment quantumlayer/llm-router',
    );
    expect(llmRouter).toMatchObject({
      status: 'unknown',
      message: 'no running pods to inspect',
    });
  });
});

describe('PodDisruptionBudget rule', () => {
  const pdbVerdict = (
    spec: Record<string, unknown>,
    replicas = 2,
  ): [string, string] => {
    const { snapshot, workloads } = platform(objects => {
      named(objects, 'Deployment', 'api-gateway').spec.replicas = replicas;
      named(objects, 'PodDisruptionBudget', 'api-gateway').spec = {
        selector: { matchLabels: { app: 'api-gateway' } },
        ...spec,
      };
    });
    const r = workloadPdb(snapshot, workloads)[0];
    return [r.status, r.message];
  };

  it('rounds percentages up and derives minAvailable from maxUnavailable', () => {
    expect(pdbVerdict({ minAvailable: '50%' }, 1)).toEqual([
      'pass',
      'PodDisruptionBudget api-gateway keeps 1 available (minAvailable 50%)',
    ]);
    expect(pdbVerdict({ minAvailable: '0%' })[0]).toBe('fail');
    expect(pdbVerdict({ maxUnavailable: 1 }, 3)).toEqual([
      'pass',
      'PodDisruptionBudget api-gateway keeps 2 available (maxUnavailable 1 of 3 replicas)',
    ]);
    expect(pdbVerdict({ maxUnavailable: 1 }, 1)).toEqual([
      'fail',
      'PodDisruptionBudget api-gateway has maxUnavailable 1 of 1 replica, which lets a drain evict every pod; set minAvailable to 1 or more',
    ]);
  });
});

describe('mTLS rule', () => {
  const mtls = (change: (objects: KubeObject[]) => void) => {
    const { snapshot } = platform(change);
    return istioMtlsStrict(snapshot).map(r => [r.status, r.object, r.message]);
  };
  const dropNamespacePolicies = (objects: KubeObject[]) => {
    for (const ns of NAMESPACES) {
      const index = objects.findIndex(
        o =>
          o.kind === 'PeerAuthentication' &&
          o.metadata.namespace === ns &&
          o.metadata.name === 'default',
      );
      objects.splice(index, 1);
    }
  };

  it('lets namespaces inherit a mesh-wide STRICT policy', () => {
    expect(mtls(dropNamespacePolicies)).toEqual([
      [
        'pass',
        'Namespace quantumlayer',
        'inherits mesh-wide STRICT from PeerAuthentication istio-system/default',
      ],
      [
        'pass',
        'Namespace temporal',
        'inherits mesh-wide STRICT from PeerAuthentication istio-system/default',
      ],
    ]);
  });

  it('fails a namespace that overrides it with PERMISSIVE, and a mesh without any policy', () => {
    expect(
      mtls(objects => {
        objects.find(
          o =>
            o.kind === 'PeerAuthentication' &&
            o.metadata.namespace === 'temporal',
        )!.spec.mtls.mode = 'PERMISSIVE';
      })[1],
    ).toEqual([
      'fail',
      'Namespace temporal',
      'PeerAuthentication temporal/default sets mTLS PERMISSIVE; set spec.mtls.mode: STRICT',
    ]);
    expect(
      mtls(objects => {
        dropNamespacePolicies(objects);
        objects.splice(
          objects.findIndex(o => o.metadata.namespace === 'istio-system'),
          1,
        );
      })[0],
    ).toEqual([
      'fail',
      'Namespace quantumlayer',
      'no PeerAuthentication makes mTLS STRICT here (mesh-wide: none, so PERMISSIVE); add one without selector and spec.mtls.mode: STRICT',
    ]);
  });
});

describe('DestinationRule hosts', () => {
  const rule = (host: string) =>
    ({ metadata: { name: 'dr' }, spec: { host } } as DestinationRule);
  const llmRouter = { name: 'llm-router', namespace: 'quantumlayer' };

  it('reads short names in the rule namespace and matches FQDNs and wildcards', () => {
    expect(hostCovers(rule('llm-router'), 'quantumlayer', llmRouter)).toBe(
      true,
    );
    expect(hostCovers(rule('llm-router'), 'temporal', llmRouter)).toBe(false);
    expect(
      hostCovers(
        rule('llm-router.quantumlayer.svc.cluster.local'),
        'temporal',
        llmRouter,
      ),
    ).toBe(true);
    expect(
      hostCovers(
        rule('*.quantumlayer.svc.cluster.local'),
        'istio-system',
        llmRouter,
      ),
    ).toBe(true);
    expect(
      hostCovers(rule('*.temporal.svc.cluster.local'), 'temporal', llmRouter),
    ).toBe(false);
  });
});

describe('CloudNativePG rules', () => {
  it('fails a single-instance cluster and one without a read-write Pooler', () => {
    const { snapshot } = platform(objects => {
      named(objects, 'Cluster', 'quantumlayer-pg').spec.instances = 1;
      named(objects, 'Pooler', 'quantumlayer-pg-pooler-rw').spec.type = 'ro';
    });
    expect(cnpgClusterHa(snapshot)[0].message).toBe(
      '1 instance, so no standby to promote; set spec.instances to 3',
    );
    expect(cnpgPooler(snapshot)[0]).toMatchObject({
      status: 'fail',
      object: 'Cluster quantumlayer/quantumlayer-pg',
      message:
        'only read-only Poolers (quantumlayer-pg-pooler-rw); add one with type: rw',
    });
  });

  it('fails once when the platform has no Cluster at all', () => {
    const { snapshot } = platform(objects => {
      objects.splice(
        objects.findIndex(o => o.kind === 'Cluster'),
        1,
      );
    });
    expect(cnpgClusterHa(snapshot)).toEqual([
      expect.objectContaining({
        status: 'fail',
        object: 'Namespace quantumlayer, temporal',
      }),
    ]);
  });

  it('describes a failing primary', () => {
    expect(
      failoverState({
        metadata: { name: 'pg' },
        status: {
          currentPrimary: 'pg-1',
          targetPrimary: 'pg-1',
          currentPrimaryFailingSinceTimestamp: '2025-09-01T09:00:00Z',
        },
      }),
    ).toBe('primary pg-1 failing since 2025-09-01T09:00:00Z');
  });
});

describe('label selectors', () => {
  it('applies matchLabels and every matchExpressions operator', () => {
    const labels = { app: 'llm-router', tier: 'internal' };
    const match = (selector: object) => selectorMatches(selector, labels);
    expect(match({})).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
    expect(
      match({
        matchLabels: { app: 'llm-router' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['internal', 'data'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'app', operator: 'Exists' },
          { key: 'tier', operator: 'NotIn', values: ['edge'] },
        ],
      }),
    ).toBe(true);
    expect(
      match({
        matchExpressions: [
          { key: 'tier', operator: 'NotIn', values: ['internal'] },
        ],
      }),
    ).toBe(false);
  });
});
