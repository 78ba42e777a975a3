import { runsEveryDay } from './backup-rule';
import { checkDeployWiring, checkProductionReadiness } from './deploy-policy';
import {
  containerOf,
  editRoleConfig,
  isObject,
  useRenderedOverlays,
} from './deploy-policy-fixtures';
import type { RenderedObject } from './rendered-manifests';

/**
 * The rules issue 17 added: cluster readers' RBAC, egress, the TLS edge and
 * backups, each broken on a copy of the rendered production overlay.
 */

// A cold cache builds kustomize with go install first (about 40 s).
jest.setTimeout(180_000);

const { production } = useRenderedOverlays();

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
      `${GATEWAY_READER}: cannot list certificates.cert-manager.io in namespace istio-system; no RoleBinding grants it`,
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
      ...[
        'peerauthentications.security.istio.io',
        'gateways.networking.istio.io',
        'sidecars.networking.istio.io',
        'certificates.cert-manager.io',
      ].map(
        list =>
          `${GATEWAY_READER}: cannot list ${list} in namespace istio-system; no RoleBinding grants it`,
      ),
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

  it('a portal port any pod can reach, or one the ingress gateway cannot', () => {
    const policy = (all: RenderedObject[]) =>
      all.find(isObject('NetworkPolicy', 'quantumlayer', 'gateway'))!;
    const open = production(all => {
      policy(all).spec.ingress = [{ ports: [{ protocol: 'TCP', port: 7007 }] }];
      return all;
    });
    expect(checkProductionReadiness(open)).toEqual([
      "Deployment quantumlayer/quantumlayer-gateway: the NetworkPolicies let any pod reach port 7007, a plain-HTTP way around the TLS edge; admit only the ingress gateway's pods",
    ]);
    const wrongPeer = production(all => {
      // Parsed by client-node, whose NetworkPolicy peer list is `_from`.
      policy(all).spec.ingress[0]._from[0].podSelector.matchLabels = {
        istio: 'egressgateway',
      };
      return all;
    });
    expect(checkProductionReadiness(wrongPeer)).toEqual([
      'Gateway istio-system/quantumlayer: the NetworkPolicies do not let its workload (istio=ingressgateway in istio-system) reach Deployment quantumlayer/quantumlayer-gateway on port 7007',
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
