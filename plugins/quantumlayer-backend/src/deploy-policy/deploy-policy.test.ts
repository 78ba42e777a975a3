import fs from 'fs';
import path from 'path';
import { ConfigReader } from '@backstage/config';
import { loadYaml } from '@kubernetes/client-node';
import { runsEveryDay } from './backup-rule';
import { checkCatalogLocations } from './catalog-rule';
import { checkDeployConventions } from './deploy-conventions';
import {
  checkDeployWiring,
  checkProductionReadiness,
  evaluateDeployPolicy,
} from './deploy-policy';
import {
  overlayNames,
  parseRendered,
  renderOverlays,
  RenderedObject,
  REPO_ROOT,
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

  it.each(['dev', 'production'])(
    '%s passes every seed rule and wiring check',
    name => {
      expect(broken(overlays[name])).toEqual([]);
      expect(checkDeployConventions(overlays[name])).toEqual([]);
      expect(checkDeployWiring(overlays[name])).toEqual([]);
    },
  );

  it('production has the TLS edge and backups; dev, by design, neither', () => {
    expect(checkProductionReadiness(overlays.production)).toEqual([]);
    expect(checkProductionReadiness(overlays.dev)).toEqual([
      "Deployment quantumlayer/quantumlayer-gateway: app.baseUrl is http://localhost:7007; the portal is served over HTTPS at the edge, so set it to https://<the ingress Gateway's host>",
      'Cluster quantumlayer/quantumlayer-db: archives no WAL, so it cannot be recovered to a point in time; set spec.backup.barmanObjectStore (or a WAL-archiving plugin)',
      'Cluster quantumlayer/quantumlayer-db: no ScheduledBackup takes a base backup at least daily; add one with a daily schedule such as "0 0 2 * * *"',
    ]);
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

/** Edits the app-config.role.yaml of a role's ConfigMap in place. */
function editRoleConfig(
  all: RenderedObject[],
  namespace: string,
  role: string,
  edit: (text: string) => string,
) {
  const configMap = all.find(
    isObject('ConfigMap', namespace, `quantumlayer-${role}-config`),
  )!;
  const before = configMap.data['app-config.role.yaml'];
  configMap.data['app-config.role.yaml'] = edit(before);
  expect(configMap.data['app-config.role.yaml']).not.toEqual(before);
}

const containerOf = (all: RenderedObject[], namespace: string, name: string) =>
  all.find(isObject('Deployment', namespace, name))!.spec.template.spec
    .containers[0];

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

const GATEWAY_READER =
  'Deployment quantumlayer/quantumlayer-gateway (reads the cluster as ServiceAccount quantumlayer/quantumlayer-gateway)';

describe('the RBAC checks report a broken rule', () => {
  it('a reader granted a write verb, Secrets or a wildcard', () => {
    const objects = production(all => {
      all.find(
        isObject('Role', 'istio-system', 'quantumlayer-mesh-root-reader'),
      )!.rules = [
        {
          apiGroups: ['security.istio.io'],
          resources: ['peerauthentications'],
          verbs: ['list', 'create'],
        },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
        {
          apiGroups: ['networking.istio.io'],
          resources: ['*'],
          verbs: ['list'],
        },
      ];
      return all;
    });
    const binding =
      'RoleBinding istio-system/quantumlayer-mesh-root-reader (Role quantumlayer-mesh-root-reader)';
    expect(checkDeployWiring(objects)).toEqual([
      `${binding}: grants write verbs create; readers only list`,
      `${binding}: grants access to Secrets; readers only list`,
      `${binding}: uses a wildcard; readers only list`,
      `${GATEWAY_READER}: may create peerauthentications.security.istio.io in namespace istio-system, which it never does; remove it`,
      `${GATEWAY_READER}: may get secrets in namespace istio-system, which it never does; remove it`,
    ]);
  });

  it('a reader without a token, a binding or a route to the API; a token or a grant where nothing reads', () => {
    const objects = production(all => {
      delete all.find(
        isObject('Deployment', 'quantumlayer', 'quantumlayer-gateway'),
      )!.spec.template.spec.automountServiceAccountToken;
      all
        .find(isObject('NetworkPolicy', 'quantumlayer', 'gateway'))!
        .spec.egress.shift(); // the Kubernetes API
      all.find(
        isObject('Deployment', 'quantumlayer', 'quantumlayer-router'),
      )!.spec.template.spec.automountServiceAccountToken = true;
      all.push({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'router-reads-everything' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'quantumlayer-platform-reader',
        },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: 'quantumlayer-router',
            namespace: 'quantumlayer',
          },
        ],
      });
      return all.filter(
        o =>
          !isObject(
            'RoleBinding',
            'istio-system',
            'quantumlayer-mesh-root-reader',
          )(o),
      );
    });
    expect(checkDeployWiring(objects)).toEqual([
      `${GATEWAY_READER}: mounts no service account token; set automountServiceAccountToken: true on its pod`,
      `${GATEWAY_READER}: cannot list peerauthentications.security.istio.io in namespace istio-system; no RoleBinding grants it`,
      'Deployment quantumlayer/quantumlayer-gateway: the NetworkPolicies do not let it reach the Kubernetes API on port 443',
      'Deployment quantumlayer/quantumlayer-gateway: the NetworkPolicies do not let it reach the Kubernetes API on port 6443',
      'Deployment quantumlayer/quantumlayer-router: mounts a service account token but reads no Kubernetes API; set automountServiceAccountToken: false',
      'ClusterRoleBinding router-reads-everything: grants ClusterRole quantumlayer-platform-reader to ServiceAccount quantumlayer/quantumlayer-router, whose pods read no Kubernetes API; remove it',
    ]);
  });
});

/** Adds LLM provider entries (YAML, indented as list items) to the router's ConfigMap. */
function addRouterProviders(all: RenderedObject[], entries: string[]) {
  editRoleConfig(all, 'quantumlayer', 'router', text =>
    text.replace(
      '        models: [gpt-4o-mini]\n',
      ['        models: [gpt-4o-mini]', ...entries, ''].join('\n'),
    ),
  );
}

describe('the egress checks report a broken rule', () => {
  it('a namespace that lets sidecars reach any host, and providers without a ServiceEntry', () => {
    const objects = production(all => {
      all.find(
        isObject('Sidecar', 'quantumlayer', 'default'),
      )!.spec.outboundTrafficPolicy.mode = 'ALLOW_ANY';
      addRouterProviders(all, [
        '      - type: anthropic',
        '        apiKey: ${ANTHROPIC_API_KEY}',
        '      - type: azure-openai',
        '        apiKey: ${AZURE_OPENAI_API_KEY}',
        '        endpoint: https://my-resource.openai.azure.com',
        '        apiVersion: "2024-10-21"',
        '        deployments: [{ model: gpt-4o, deployment: gpt-4o }]',
        '      - type: bedrock',
        '        region: eu-west-1',
      ]);
      containerOf(all, 'quantumlayer', 'quantumlayer-router').env.push(
        ...['ANTHROPIC_API_KEY', 'AZURE_OPENAI_API_KEY'].map(name => ({
          name,
          valueFrom: {
            secretKeyRef: { name: 'quantumlayer-llm-keys', key: name },
          },
        })),
      );
      // Azure's hosts by wildcard: passes.
      all.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'ServiceEntry',
        metadata: { name: 'llm-azure-openai', namespace: 'quantumlayer' },
        spec: {
          hosts: ['*.openai.azure.com'],
          exportTo: ['.'],
          location: 'MESH_EXTERNAL',
          resolution: 'NONE',
          ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
        },
      });
      return all.filter(o => !isObject('Sidecar', 'temporal', 'default')(o));
    });
    const where = 'ConfigMap quantumlayer/quantumlayer-router-config';
    const advice =
      'and no ServiceEntry visible in namespace quantumlayer lists that host; under REGISTRY_ONLY the sidecar refuses the call, so add one (deploy/base/mesh/egress.yaml)';
    expect(checkDeployWiring(objects)).toEqual([
      'Namespace temporal: no Sidecar sets outboundTrafficPolicy REGISTRY_ONLY, so its sidecars pass traffic to any host; add one without workloadSelector',
      'Sidecar quantumlayer/default: outboundTrafficPolicy.mode is ALLOW_ANY; set REGISTRY_ONLY',
      `${where}: quantumlayer.llm.providers[1] (anthropic) calls api.anthropic.com:443, ${advice}`,
      `${where}: quantumlayer.llm.providers[3] (bedrock) calls bedrock-runtime.eu-west-1.amazonaws.com:443, ${advice}`,
    ]);
  });

  it('a ServiceEntry hidden from the router, or without the port', () => {
    const objects = production(all => {
      const entry = all.find(
        isObject('ServiceEntry', 'quantumlayer', 'llm-openai'),
      )!;
      all.push({
        ...structuredClone(entry),
        metadata: { name: 'llm-openai', namespace: 'temporal' },
      });
      entry.spec.exportTo = ['temporal'];
      return all;
    });
    expect(checkDeployWiring(objects)).toEqual([
      'ConfigMap quantumlayer/quantumlayer-router-config: quantumlayer.llm.providers[0] (openai) calls api.openai.com:443, and no ServiceEntry visible in namespace quantumlayer lists that host; under REGISTRY_ONLY the sidecar refuses the call, so add one (deploy/base/mesh/egress.yaml)',
    ]);
    const noPort = production(all => {
      all.find(
        isObject('ServiceEntry', 'quantumlayer', 'llm-openai'),
      )!.spec.ports[0].number = 8443;
      return all;
    });
    expect(checkDeployWiring(noPort)).toEqual([
      'ServiceEntry quantumlayer/llm-openai: lists no port 443, which quantumlayer.llm.providers[0] (openai) calls api.openai.com on',
    ]);
  });
});

describe('the production checks report a broken rule', () => {
  it('plain HTTP at the edge, no certificate, no rate limit, a NodePort', () => {
    const objects = production(all => {
      delete all.find(isObject('Gateway', 'istio-system', 'quantumlayer'))!.spec
        .servers[1].tls;
      all.find(isObject('Service', 'quantumlayer', 'gateway'))!.spec.type =
        'NodePort';
      return all.filter(
        o =>
          !isObject('Certificate', 'istio-system', 'quantumlayer-portal')(o) &&
          o.kind !== 'EnvoyFilter',
      );
    });
    expect(checkProductionReadiness(objects)).toEqual([
      'Service quantumlayer/gateway: type NodePort opens a plain way in around the TLS edge; keep it ClusterIP and route through the ingress Gateway',
      'Gateway istio-system/quantumlayer: port 80 (quantumlayer.example.com): serves HTTP without TLS; only a redirect may answer in plain HTTP, so set tls.httpsRedirect: true',
      "Gateway istio-system/quantumlayer: no cert-manager Certificate in namespace istio-system writes its credentialName quantumlayer-portal-tls (Istio reads it from the ingress gateway's namespace)",
      'Gateway istio-system/quantumlayer: no request rate limit on quantumlayer.example.com:443; add an EnvoyFilter on its workload with envoy.filters.http.local_ratelimit and a token_bucket for that virtual host',
    ]);
  });

  it('a certificate for another host from a missing issuer, a route elsewhere, a rate limit on another host', () => {
    const objects = production(all => {
      all.find(
        isObject('Certificate', 'istio-system', 'quantumlayer-portal'),
      )!.spec.dnsNames = ['other.example.com'];
      all.find(
        isObject('VirtualService', 'quantumlayer', 'portal'),
      )!.spec.http[0].route[0].destination.host =
        'llm-router.quantumlayer.svc.cluster.local';
      all.find(
        isObject(
          'EnvoyFilter',
          'istio-system',
          'quantumlayer-portal-ratelimit',
        ),
      )!.spec.configPatches[1].match.routeConfiguration.vhost.name =
        'other.example.com:443';
      return all.filter(o => o.kind !== 'ClusterIssuer');
    });
    expect(checkProductionReadiness(objects)).toEqual([
      'Certificate istio-system/quantumlayer-portal: dnsNames other.example.com do not cover quantumlayer.example.com',
      'Certificate istio-system/quantumlayer-portal: its issuer ClusterIssuer quantumlayer-acme is not rendered; add it (deploy/README.md, "Edge")',
      'Gateway istio-system/quantumlayer: no VirtualService bound to it routes quantumlayer.example.com to Service quantumlayer/gateway',
      'Gateway istio-system/quantumlayer: no request rate limit on quantumlayer.example.com:443; add an EnvoyFilter on its workload with envoy.filters.http.local_ratelimit and a token_bucket for that virtual host',
    ]);
  });

  it('PostgreSQL without WAL archiving, a slow archive_timeout, a weekly base backup', () => {
    const objects = production(all => {
      const cluster = all.find(
        isObject('Cluster', 'quantumlayer', 'quantumlayer-db'),
      )!;
      delete cluster.spec.backup;
      cluster.spec.postgresql.parameters.archive_timeout = '15min';
      all.find(
        isObject('ScheduledBackup', 'quantumlayer', 'quantumlayer-db-daily'),
      )!.spec.schedule = '0 0 2 * * 0';
      return all;
    });
    expect(checkProductionReadiness(objects)).toEqual([
      'Cluster quantumlayer/quantumlayer-db: archives no WAL, so it cannot be recovered to a point in time; set spec.backup.barmanObjectStore (or a WAL-archiving plugin)',
      'Cluster quantumlayer/quantumlayer-db: archive_timeout 15min lets a quiet database hold commits unarchived for longer than the 5 min RPO; set it to 5min or less',
      'Cluster quantumlayer/quantumlayer-db: no ScheduledBackup takes a base backup at least daily (ScheduledBackup quantumlayer-db-daily: "0 0 2 * * 0"); add one with a daily schedule such as "0 0 2 * * *"',
    ]);
  });

  it.each([
    ['0 0 2 * * *', true],
    ['0 30 * * * *', true],
    ['0 2 * * *', true], // robfig/cron v1: seconds first, day of week optional
    ['@daily', true],
    ['@hourly', true],
    ['@every 12h', true],
    ['@every 36h', false],
    ['@weekly', false],
    ['0 0 2 * * 0', false],
    ['0 0 2 1 * *', false],
    ['0 0 2 * 1 *', false],
  ])('schedule "%s" runs every day: %s', (schedule, daily) => {
    expect(runsEveryDay(schedule)).toBe(daily);
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
