import type { Config } from '@backstage/config';
import { ANTHROPIC_DEFAULT_BASE_URL } from '../../quantumlayer-router-backend/src/llm/providers/anthropic/anthropic-provider';
import { GROQ_DEFAULT_BASE_URL } from '../../quantumlayer-router-backend/src/llm/providers/groq/groq-provider';
import { OPENAI_DEFAULT_BASE_URL } from '../../quantumlayer-router-backend/src/llm/providers/openai/openai-provider';
import { QUANTUMLAYER_ROLES, readQuantumlayerRoles } from '../src/roles/roles';
import type { RenderedObject } from './rendered-manifests';
import type { RoleDeployment } from './role-config';

/** The mesh root: a namespace-wide Sidecar there is every namespace's default. */
const MESH_ROOT_NAMESPACE = 'istio-system';

/**
 * The URL a provider entry calls (config.d.ts, `quantumlayer.llm.providers`),
 * with each type's default, or undefined when the type has none.
 */
function providerUrl(provider: Config): string | undefined {
  switch (provider.getOptionalString('type')) {
    case 'openai':
      return provider.getOptionalString('baseUrl') ?? OPENAI_DEFAULT_BASE_URL;
    case 'anthropic':
      return (
        provider.getOptionalString('baseUrl') ?? ANTHROPIC_DEFAULT_BASE_URL
      );
    case 'groq':
      return provider.getOptionalString('baseUrl') ?? GROQ_DEFAULT_BASE_URL;
    case 'azure-openai':
      return provider.getOptionalString('endpoint');
    case 'bedrock': {
      // The AWS SDK's regional endpoint unless the entry overrides it.
      const region = provider.getOptionalString('region');
      return (
        provider.getOptionalString('endpoint') ??
        (region ? `https://bedrock-runtime.${region}.amazonaws.com` : undefined)
      );
    }
    default:
      return provider.getOptionalString('baseUrl');
  }
}

/** A Kubernetes Service name: already in the mesh's registry. */
function inCluster(host: string) {
  return (
    !host.includes('.') ||
    /\.svc(\.cluster\.local)?$/.test(host) ||
    host.endsWith('.cluster.local')
  );
}

/** Whether a ServiceEntry host (`*.` wildcards allowed) names `host`. */
function hostMatches(pattern: string, host: string) {
  return pattern.startsWith('*.')
    ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
    : pattern === host;
}

/** Whether a ServiceEntry applies to sidecars of `namespace` (Istio's exportTo). */
function visibleIn(entry: RenderedObject, namespace: string) {
  const exportTo: string[] = entry.spec?.exportTo ?? ['*'];
  return exportTo.some(
    to =>
      to === '*' ||
      to === namespace ||
      (to === '.' && entry.metadata.namespace === namespace),
  );
}

const modeOf = (sidecar: RenderedObject) =>
  sidecar.spec?.outboundTrafficPolicy?.mode ?? 'unset (mesh default)';

/** REGISTRY_ONLY for every namespace deploy/ renders; one message per gap. */
function checkRegistryOnly(
  objects: RenderedObject[],
  namespaces: string[],
): string[] {
  const problems: string[] = [];
  const sidecars = objects.filter(
    o =>
      o.kind === 'Sidecar' && o.apiVersion.startsWith('networking.istio.io/'),
  );
  const namespaceWide = (ns: string) =>
    sidecars.find(
      s =>
        s.metadata.namespace === ns &&
        Object.keys(s.spec?.workloadSelector?.labels ?? {}).length === 0,
    );
  const root = namespaceWide(MESH_ROOT_NAMESPACE);
  for (const ns of namespaces) {
    const own = namespaceWide(ns) ?? root;
    if (!own) {
      problems.push(
        `Namespace ${ns}: no Sidecar sets outboundTrafficPolicy REGISTRY_ONLY, so its sidecars pass traffic to any host; add one without workloadSelector`,
      );
    }
  }
  for (const sidecar of sidecars) {
    const ns = sidecar.metadata.namespace ?? 'default';
    if (!namespaces.includes(ns) && ns !== MESH_ROOT_NAMESPACE) continue;
    if (modeOf(sidecar) !== 'REGISTRY_ONLY') {
      problems.push(
        `Sidecar ${ns}/${
          sidecar.metadata.name
        }: outboundTrafficPolicy.mode is ${modeOf(sidecar)}; set REGISTRY_ONLY`,
      );
    }
  }
  return problems;
}

/**
 * Egress of the mesh: every rendered namespace is REGISTRY_ONLY (Istio
 * Sidecar), and each LLM provider the router role calls has a ServiceEntry
 * visible in the router's namespace for its host and port, or the sidecar
 * refuses the call. Provider hosts come from the role's config as loaded,
 * with each type's default URL.
 */
export function checkEgress(
  objects: RenderedObject[],
  roles: RoleDeployment[],
  namespaces: string[],
): string[] {
  const problems = checkRegistryOnly(objects, namespaces);
  const entries = objects.filter(
    o =>
      o.kind === 'ServiceEntry' &&
      o.apiVersion.startsWith('networking.istio.io/'),
  );
  for (const role of roles) {
    let runs;
    try {
      runs = readQuantumlayerRoles(role.config) ?? QUANTUMLAYER_ROLES;
    } catch {
      continue; // the LLM provider rule reports it
    }
    if (!runs.includes('router')) continue;
    const where = role.configMapRef ?? role.ref;
    const providers =
      role.config.getOptionalConfigArray('quantumlayer.llm.providers') ?? [];
    providers.forEach((provider, i) => {
      const key = `quantumlayer.llm.providers[${i}]`;
      const type = provider.getOptionalString('type');
      const raw = providerUrl(provider);
      let url: URL;
      try {
        if (!raw || raw.includes('${')) throw new Error('unresolved');
        url = new URL(raw);
      } catch {
        problems.push(
          `${where}: ${key} (${type}) has no literal URL (${
            raw ?? 'none'
          }), so its egress cannot be checked; write the host in the config`,
        );
        return;
      }
      const host = url.hostname;
      if (inCluster(host)) return;
      const port = Number(url.port || (url.protocol === 'http:' ? 80 : 443));
      const entry = entries.find(
        e =>
          visibleIn(e, role.namespace) &&
          (e.spec?.hosts ?? []).some((h: string) => hostMatches(h, host)),
      );
      if (!entry) {
        problems.push(
          `${where}: ${key} (${type}) calls ${host}:${port}, and no ServiceEntry visible in namespace ${role.namespace} lists that host; under REGISTRY_ONLY the sidecar refuses the call, so add one (deploy/base/mesh/egress.yaml)`,
        );
        return;
      }
      const entryRef = `ServiceEntry ${entry.metadata.namespace}/${entry.metadata.name}`;
      if ((entry.spec.location ?? 'MESH_EXTERNAL') !== 'MESH_EXTERNAL') {
        problems.push(
          `${entryRef}: location ${entry.spec.location} for ${host}; an LLM provider is MESH_EXTERNAL`,
        );
      }
      if (
        entry.spec.resolution === 'DNS' &&
        (entry.spec.hosts ?? []).some((h: string) => h.startsWith('*'))
      ) {
        problems.push(
          `${entryRef}: wildcard hosts cannot be resolved by DNS; set resolution: NONE`,
        );
      }
      if (!(entry.spec.ports ?? []).some((p: any) => p.number === port)) {
        problems.push(
          `${entryRef}: lists no port ${port}, which ${key} (${type}) calls ${host} on`,
        );
      }
    });
  }
  return problems;
}
