import { checkDeployConventions } from './deploy-conventions';
import { evaluateDeployPolicy } from './deploy-policy';
import {
  overlayNames,
  parseRendered,
  renderOverlays,
  RenderedObject,
} from './rendered-manifests';

// A cold cache builds kustomize with go install first (about 40 s).
jest.setTimeout(180_000);

let overlays: Record<string, RenderedObject[]>;

beforeAll(() => {
  overlays = Object.fromEntries(
    Object.entries(renderOverlays()).map(([name, yaml]) => [
      name,
      parseRendered(yaml),
    ]),
  );
}, 180_000);

/** The rule results that are not a pass, as `id object (status)`. */
const broken = (objects: RenderedObject[]) =>
  evaluateDeployPolicy(objects)
    .filter(r => r.status !== 'pass')
    .map(r => `${r.id} ${r.object} (${r.status})`);

/** A deep copy of the production render, changed by `mutate`. */
function production(mutate: (objects: RenderedObject[]) => RenderedObject[]) {
  return mutate(structuredClone(overlays.production));
}

const isObject =
  (kind: string, namespace: string, name: string) => (o: RenderedObject) =>
    o.kind === kind &&
    o.metadata.namespace === namespace &&
    o.metadata.name === name;

describe('deploy/ overlays', () => {
  it('renders every overlay to objects', () => {
    expect(overlayNames()).toEqual(['dev', 'production']);
    for (const name of overlayNames()) {
      expect(overlays[name].length).toBeGreaterThan(50);
    }
  });

  it.each(['dev', 'production'])('%s passes every seed rule', name => {
    expect(broken(overlays[name])).toEqual([]);
    expect(checkDeployConventions(overlays[name])).toEqual([]);
  });

  it('applies the seed rules to every role', () => {
    const results = evaluateDeployPolicy(overlays.production);
    expect([...new Set(results.map(r => r.id))].sort()).toEqual([
      'cnpg-cluster-ha',
      'cnpg-pooler',
      'edge-no-sidecar',
      'istio-circuit-breaking',
      'istio-destination-rule',
      'istio-mtls-strict',
      'namespace-default-deny',
      'workload-hpa',
      'workload-pdb',
    ]);
    expect(
      results.filter(r => r.id === 'edge-no-sidecar').map(r => r.object),
    ).toEqual([
      'Deployment quantumlayer/quantumlayer-gateway',
      'Deployment temporal/quantumlayer-workflow-api',
    ]);
    expect(
      results
        .filter(r => r.id === 'workload-hpa')
        .map(r => r.object)
        .sort(),
    ).toEqual([
      'Deployment quantumlayer/otel-collector',
      'Deployment quantumlayer/quantumlayer-gateway',
      'Deployment quantumlayer/quantumlayer-router',
      'Deployment temporal/quantumlayer-sandbox-worker',
      'Deployment temporal/quantumlayer-worker',
      'Deployment temporal/quantumlayer-workflow-api',
    ]);
  });
});

describe('the policy reports a broken rule', () => {
  it('a Deployment without its HPA', () => {
    const objects = production(all =>
      all.filter(
        o =>
          !isObject(
            'HorizontalPodAutoscaler',
            'quantumlayer',
            'quantumlayer-router',
          )(o),
      ),
    );
    expect(broken(objects)).toEqual([
      'workload-hpa Deployment quantumlayer/quantumlayer-router (fail)',
    ]);
  });

  it('a Deployment without its PDB', () => {
    const objects = production(all =>
      all.filter(
        o =>
          !isObject(
            'PodDisruptionBudget',
            'temporal',
            'quantumlayer-worker',
          )(o),
      ),
    );
    expect(broken(objects)).toEqual([
      'workload-pdb Deployment temporal/quantumlayer-worker (fail)',
    ]);
  });

  it('an edge service that gets a sidecar', () => {
    const objects = production(all => {
      const gateway = all.find(
        isObject('Deployment', 'quantumlayer', 'quantumlayer-gateway'),
      )!;
      gateway.spec.template.metadata.annotations['sidecar.istio.io/inject'] =
        'true';
      return all;
    });
    expect(broken(objects)).toEqual([
      'edge-no-sidecar Deployment quantumlayer/quantumlayer-gateway (fail)',
    ]);
  });

  it('an edge service that loses its Deployment', () => {
    const objects = production(all =>
      all.filter(
        o =>
          !isObject('Deployment', 'temporal', 'quantumlayer-workflow-api')(o),
      ),
    );
    expect(broken(objects)).toContain(
      'edge-no-sidecar Deployment temporal/quantumlayer-workflow-api (unknown)',
    );
  });

  it('a namespace without default-deny', () => {
    const objects = production(all =>
      all.filter(
        o => !isObject('NetworkPolicy', 'temporal', 'default-deny')(o),
      ),
    );
    expect(broken(objects)).toEqual([
      'namespace-default-deny Namespace temporal (fail)',
    ]);
  });

  it('mTLS relaxed to PERMISSIVE', () => {
    const objects = production(all => {
      all.find(
        isObject('PeerAuthentication', 'quantumlayer', 'default'),
      )!.spec.mtls.mode = 'PERMISSIVE';
      return all;
    });
    expect(broken(objects)).toContain(
      'istio-mtls-strict Namespace quantumlayer (fail)',
    );
  });

  it('a DestinationRule without outlier detection', () => {
    const objects = production(all => {
      delete all.find(isObject('DestinationRule', 'quantumlayer', 'llm-router'))!
        .spec.trafficPolicy.outlierDetection;
      return all;
    });
    expect(broken(objects)).toEqual([
      'istio-circuit-breaking Service quantumlayer/llm-router (fail)',
    ]);
  });

  it('PostgreSQL without a standby or pooler', () => {
    const objects = production(all => {
      all.find(
        isObject('Cluster', 'quantumlayer', 'quantumlayer-db'),
      )!.spec.instances = 1;
      return all.filter(o => o.kind !== 'Pooler');
    });
    expect(broken(objects)).toEqual([
      'cnpg-cluster-ha Cluster quantumlayer/quantumlayer-db (fail)',
      'cnpg-pooler Cluster quantumlayer/quantumlayer-db (fail)',
    ]);
  });

  it('a role scaled outside its range, or probing the wrong path', () => {
    const objects = production(all => {
      all.find(
        isObject(
          'HorizontalPodAutoscaler',
          'quantumlayer',
          'quantumlayer-router',
        ),
      )!.spec.minReplicas = 2;
      all.find(
        isObject('Deployment', 'temporal', 'quantumlayer-worker'),
      )!.spec.template.spec.containers[0].readinessProbe.httpGet.path =
        '/healthz';
      return all;
    });
    expect(checkDeployConventions(objects)).toEqual([
      'HorizontalPodAutoscaler quantumlayer/quantumlayer-router: scales 2-10, role router needs 3-10',
      'Deployment temporal/quantumlayer-worker: readinessProbe must GET /api/quantumlayer/ready',
    ]);
  });
});
