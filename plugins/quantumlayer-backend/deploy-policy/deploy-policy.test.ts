import fs from 'fs';
import path from 'path';
import { ConfigReader } from '@backstage/config';
import { loadYaml } from '@kubernetes/client-node';
import { checkCatalogLocations } from './catalog-rule';
import { checkDeployConventions } from './deploy-conventions';
import {
  checkDeployWiring,
  checkProductionReadiness,
  evaluateDeployPolicy,
} from './deploy-policy';
import {
  broken,
  containerOf,
  editRoleConfig,
  isObject,
  useRenderedOverlays,
} from './deploy-policy-fixtures';
import { overlayNames, REPO_ROOT } from './rendered-manifests';

// A cold cache builds kustomize with go install first (about 40 s).
jest.setTimeout(180_000);

const rendered = useRenderedOverlays();
const { production } = rendered;

describe('deploy/ overlays', () => {
  it('renders every overlay to objects', () => {
    expect(overlayNames()).toEqual(['dev', 'production']);
    for (const name of overlayNames()) {
      expect(rendered.overlays[name].length).toBeGreaterThan(50);
    }
  });

  it.each(['dev', 'production'])(
    '%s passes every seed rule and wiring check',
    name => {
      expect(broken(rendered.overlays[name])).toEqual([]);
      expect(checkDeployConventions(rendered.overlays[name])).toEqual([]);
      expect(checkDeployWiring(rendered.overlays[name])).toEqual([]);
    },
  );

  it('production has the TLS edge and backups; dev, by design, neither', () => {
    expect(checkProductionReadiness(rendered.overlays.production)).toEqual([]);
    expect(checkProductionReadiness(rendered.overlays.dev)).toEqual([
      "Deployment quantumlayer/quantumlayer-gateway: app.baseUrl is http://localhost:7007; the portal is served over HTTPS at the edge, so set it to https://<the ingress Gateway's host>",
      'Cluster quantumlayer/quantumlayer-db: archives no WAL, so it cannot be recovered to a point in time; set spec.backup.barmanObjectStore (or a WAL-archiving plugin)',
      'Cluster quantumlayer/quantumlayer-db: no ScheduledBackup takes a base backup at least daily; add one with a daily schedule such as "0 0 2 * * *"',
    ]);
  });

  it('applies the seed rules to every role', () => {
    const results = evaluateDeployPolicy(rendered.overlays.production);
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
      delete all.find(
        isObject('DestinationRule', 'quantumlayer', 'llm-router'),
      )!.spec.trafficPolicy.outlierDetection;
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

describe('the wiring checks report a broken rule', () => {
  it('a vector role that keeps its own store, or points elsewhere', () => {
    const objects = production(all => {
      editRoleConfig(all, 'temporal', 'worker', text =>
        text.replace('type: qdrant', 'type: embedded'),
      );
      editRoleConfig(all, 'quantumlayer', 'router', text =>
        text.replace(
          'http://qdrant.quantumlayer.svc.cluster.local:6333',
          'http://qdrant:6333',
        ),
      );
      editRoleConfig(all, 'temporal', 'sandbox-worker', text =>
        text.replace("directory: ':memory:'", 'directory: /data/vectors'),
      );
      return all;
    });
    expect(checkDeployWiring(objects)).toEqual([
      'ConfigMap quantumlayer/quantumlayer-router-config: quantumlayer.vectorStore.url is http://qdrant:6333; the Qdrant Service answers at http://qdrant.quantumlayer.svc.cluster.local:6333',
      "ConfigMap temporal/quantumlayer-sandbox-worker-config: role sandbox-worker keeps an embedded vector store on disk; it uses none, so set quantumlayer.vectorStore.directory ':memory:'",
      'ConfigMap temporal/quantumlayer-worker-config: role worker keeps its own embedded vector store (quantumlayer.vectorStore.type embedded); select type qdrant with url http://qdrant.quantumlayer.svc.cluster.local:6333',
    ]);
  });

  it('a Qdrant API key that is inline, or not the one Qdrant checks, and no route to Qdrant', () => {
    const objects = production(all => {
      editRoleConfig(all, 'quantumlayer', 'gateway', text =>
        text.replace('apiKey: ${QDRANT_API_KEY}', 'apiKey: not-a-secret'),
      );
      containerOf(all, 'temporal', 'quantumlayer-worker').env.find(
        (e: any) => e.name === 'QDRANT_API_KEY',
      ).valueFrom.secretKeyRef.key = 'other-key';
      all
        .find(isObject('NetworkPolicy', 'quantumlayer', 'qdrant'))!
        .spec.ingress[0]._from.splice(1, 1); // the router (client-node's name)
      return all;
    });
    expect(checkDeployWiring(objects)).toEqual([
      'ConfigMap quantumlayer/quantumlayer-gateway-config: quantumlayer.vectorStore.apiKey is written inline; use ${QDRANT_API_KEY} from a Secret',
      'Deployment quantumlayer/quantumlayer-router: the NetworkPolicies do not let it reach Qdrant on port 6333',
      'Deployment temporal/quantumlayer-worker: env QDRANT_API_KEY (quantumlayer.vectorStore.apiKey) must come from the Secret key Qdrant uses (quantumlayer-qdrant, key api-key)',
    ]);
  });

  it('Temporal without the search attributes the runs carry', () => {
    const objects = production(all =>
      all.filter(
        o => !isObject('Job', 'temporal', 'temporal-search-attributes')(o),
      ),
    );
    expect(checkDeployWiring(objects)).toEqual(
      ['CodegenStage', 'QuantumlayerOwner', 'QuantumlayerGroup'].map(
        name =>
          `no Job registers search attribute ${name} (KEYWORD) in Temporal namespace default at temporal-frontend.temporal.svc.cluster.local:7233; runs cannot start without it`,
      ),
    );
  });

  it('a search-attribute Job whose names outnumber its types (the CLI skips the rest)', () => {
    const objects = production(all => {
      const container = all.find(
        isObject('Job', 'temporal', 'temporal-search-attributes'),
      )!.spec.template.spec.containers[0];
      container.args = [
        ...container.args.filter(
          (a: string) => a !== '--type' && a !== 'Keyword',
        ),
        '--type',
        'Keyword',
      ];
      return all;
    });
    expect(checkDeployWiring(objects)).toEqual(
      ['QuantumlayerOwner', 'QuantumlayerGroup'].map(
        name =>
          `no Job registers search attribute ${name} (KEYWORD) in Temporal namespace default at temporal-frontend.temporal.svc.cluster.local:7233; runs cannot start without it`,
      ),
    );
  });

  it('a search-attribute Job with privileges or no route to the frontend', () => {
    const objects = production(all => {
      const pod = all.find(
        isObject('Job', 'temporal', 'temporal-search-attributes'),
      )!.spec.template.spec;
      delete pod.securityContext.runAsNonRoot;
      delete pod.automountServiceAccountToken;
      pod.containers[0].securityContext.readOnlyRootFilesystem = false;
      all.find(
        isObject('ServiceAccount', 'temporal', 'temporal-search-attributes'),
      )!.automountServiceAccountToken = true;
      return all.filter(
        o =>
          !isObject(
            'NetworkPolicy',
            'temporal',
            'temporal-search-attributes',
          )(o),
      );
    });
    expect(checkDeployWiring(objects)).toEqual([
      'Job temporal/temporal-search-attributes: set securityContext.runAsNonRoot: true',
      'Job temporal/temporal-search-attributes: container register needs readOnlyRootFilesystem: true, allowPrivilegeEscalation: false and capabilities.drop [ALL]',
      'Job temporal/temporal-search-attributes: mounts a service account token; set automountServiceAccountToken: false',
      'Job temporal/temporal-search-attributes: the NetworkPolicies do not let it reach the Temporal frontend on port 7233',
    ]);
  });

  it('catalog locations without the QuantumLayer template, or outside the image', () => {
    const objects = production(all => {
      editRoleConfig(all, 'quantumlayer', 'gateway', text =>
        text.replace(
          'quantumlayer:\n',
          [
            'catalog:',
            '  locations:',
            '    - { type: file, target: ./examples/template/template.yaml, rules: [{ allow: [Template] }] }',
            '    - { type: file, target: ./examples/missing.yaml }',
            '    - { type: file, target: ./catalog-info.yaml }',
            'quantumlayer:',
            '',
          ].join('\n'),
        ),
      );
      return all;
    });
    const where =
      'Deployment quantumlayer/quantumlayer-gateway (catalog.locations of its --config files)';
    expect(checkDeployWiring(objects)).toEqual([
      `${where}: catalog location ./examples/missing.yaml does not exist (the image would hold examples/missing.yaml there)`,
      `${where}: catalog location ./catalog-info.yaml is not in the backend image; packages/backend/Dockerfile copies nothing there`,
      `${where}: catalog.locations lacks the QuantumLayer template examples/templates/python-function/template.yaml; add a file location ./examples/templates/python-function/template.yaml allowing Template`,
    ]);
  });

  it('LLM keys inline or from a plain env var, no provider, template fallback', () => {
    const objects = production(all => {
      editRoleConfig(all, 'quantumlayer', 'router', text =>
        text
          .replace('apiKey: ${OPENAI_API_KEY}', 'apiKey: sk-inline')
          .replace('templateFallback: false', 'templateFallback: true'),
      );
      editRoleConfig(all, 'temporal', 'worker', text =>
        text.replace(
          '  roles: [worker]\n',
          [
            '  roles: [worker]',
            '  llm:',
            '    providers:',
            '      - type: anthropic',
            '        apiKey: ${ANTHROPIC_API_KEY}',
            '',
          ].join('\n'),
        ),
      );
      containerOf(all, 'temporal', 'quantumlayer-worker').env.push({
        name: 'ANTHROPIC_API_KEY',
        value: 'plain',
      });
      return all;
    });
    expect(checkDeployWiring(objects)).toEqual([
      'ConfigMap quantumlayer/quantumlayer-router-config: quantumlayer.llm.providers[0].apiKey is written inline; put it in a Secret and write ${VAR} for an env var set from it',
      'ConfigMap quantumlayer/quantumlayer-router-config: quantumlayer.llm.templateFallback is true, so the offline template provider answers when the providers fail; remove it',
      'Deployment temporal/quantumlayer-worker: env ANTHROPIC_API_KEY (quantumlayer.llm.providers[0].apiKey) does not come from a Secret; set it with valueFrom.secretKeyRef',
      "ConfigMap temporal/quantumlayer-worker-config: role worker calls the router role, so its quantumlayer.llm.providers are unused; keep provider keys in the router's config only",
    ]);
  });

  it('a router role without providers', () => {
    const objects = production(all => {
      editRoleConfig(all, 'quantumlayer', 'router', text =>
        text.replace(/\n {2}llm:\n(?: {4}.*\n)+/, '\n'),
      );
      return all;
    });
    expect(checkDeployWiring(objects)).toEqual([
      'ConfigMap quantumlayer/quantumlayer-router-config: role router runs the LLM router but configures no quantumlayer.llm.providers; production refuses to start without one',
    ]);
  });
});

describe('app-config.production.yaml', () => {
  it('lists catalog files that the image holds, the QuantumLayer templates among them', () => {
    const file = 'app-config.production.yaml';
    const data = JSON.parse(
      JSON.stringify(
        loadYaml(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')),
      ),
    );
    const config = ConfigReader.fromConfigs([{ data, context: file }]);
    expect(checkCatalogLocations(config, file, REPO_ROOT)).toEqual([]);
  });
});
