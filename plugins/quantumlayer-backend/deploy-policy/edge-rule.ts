import { QUANTUMLAYER_ROLES, readQuantumlayerRoles } from '../src/roles/roles';
import { networkAllows } from './network-reach';
import type { RenderedObject } from './rendered-manifests';
import type { RoleDeployment } from './role-config';

const MESH_ROOT_NAMESPACE = 'istio-system';
const RATE_LIMIT_FILTER = 'envoy.filters.http.local_ratelimit';
const TLS_MODES = ['SIMPLE', 'MUTUAL'];

const refOf = (o: RenderedObject) =>
  `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${
    o.metadata.name
  }`;

const ofKind = (objects: RenderedObject[], kind: string, group: string) =>
  objects.filter(o => o.kind === kind && o.apiVersion.startsWith(`${group}/`));

/** `host` matched by a DNS name or a one-label `*.` wildcard. */
function nameCovers(pattern: string, host: string) {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) {
    const rest = host.slice(host.indexOf('.'));
    return host.includes('.') && rest === pattern.slice(1);
  }
  return pattern === host;
}

/** A Gateway server host, `[namespace/]dnsName`. */
function splitServerHost(entry: string, gatewayNamespace: string) {
  const [ns, name] = entry.includes('/') ? entry.split('/') : ['*', entry];
  return { namespace: ns === '.' ? gatewayNamespace : ns, name };
}

const subset = (
  labels: Record<string, string> | undefined,
  of: Record<string, string>,
) => Object.entries(labels ?? {}).every(([k, v]) => of[k] === v);

/** The token bucket of a local rate limit config, TypedStruct or typed. */
const bucketOf = (typed: any) =>
  typed?.value?.token_bucket ?? typed?.token_bucket;

/**
 * Whether an EnvoyFilter puts a local rate limit with a token bucket on the
 * virtual host `vhost` of the gateway workload it selects: the HTTP filter,
 * and a bucket on the filter itself or on the virtual host's routes.
 */
function rateLimits(filter: RenderedObject, vhost: string) {
  const patches: any[] = filter.spec?.configPatches ?? [];
  const inGateway = (p: any) =>
    ['GATEWAY', 'ANY', undefined].includes(p.match?.context);
  const httpFilter = patches.find(
    p =>
      p.applyTo === 'HTTP_FILTER' &&
      inGateway(p) &&
      p.patch?.value?.name === RATE_LIMIT_FILTER,
  );
  if (!httpFilter) return false;
  if (bucketOf(httpFilter.patch.value.typed_config)) return true;
  return patches.some(p => {
    const name = p.match?.routeConfiguration?.vhost?.name;
    return (
      ['HTTP_ROUTE', 'VIRTUAL_HOST'].includes(p.applyTo) &&
      inGateway(p) &&
      (name === undefined || name === vhost) &&
      bucketOf(p.patch?.value?.typed_per_filter_config?.[RATE_LIMIT_FILTER])
    );
  });
}

/** The role's HTTP port: `backend.listen` as `[host:]port` or `{ port }`, else 7007. */
function listenPort(role: RoleDeployment): number {
  const listen = role.config.getOptional('backend.listen');
  if (typeof listen === 'string') {
    return Number(listen.slice(listen.lastIndexOf(':') + 1)) || 7007;
  }
  const port = (listen as { port?: unknown } | undefined)?.port;
  return Number(port) || 7007;
}

/** The Service that selects a role's pods, with its in-mesh host names. */
function portalService(objects: RenderedObject[], role: RoleDeployment) {
  const service = objects.find(
    o =>
      o.kind === 'Service' &&
      o.metadata.namespace === role.namespace &&
      Object.keys(o.spec?.selector ?? {}).length > 0 &&
      subset(o.spec.selector, role.podLabels),
  );
  if (!service) return undefined;
  const { name } = service.metadata;
  const ns = role.namespace;
  return {
    ref: refOf(service),
    hosts: (from: string) => [
      `${name}.${ns}.svc.cluster.local`,
      `${name}.${ns}.svc`,
      `${name}.${ns}`,
      ...(from === ns ? [name] : []),
    ],
  };
}

/**
 * The portal's production edge. Only the ingress gateway's pods may reach
 * the portal role's port (NetworkPolicy). No platform Service is a NodePort or
 * LoadBalancer (a plain way in around the edge). The role that serves the
 * portal has an HTTPS `app.baseUrl`, and its host is served by an Istio
 * Gateway that terminates TLS with a cert-manager Certificate (in the
 * Gateway's namespace, covering the host, from a rendered issuer) and
 * answers plain HTTP only with a redirect; a VirtualService bound to that
 * Gateway routes the host to the role's Service, and an EnvoyFilter on the
 * Gateway's workload puts a local rate limit on the host.
 */
export function checkEdge(
  objects: RenderedObject[],
  roles: RoleDeployment[],
  namespaces: string[],
): string[] {
  const problems: string[] = [];
  for (const service of objects.filter(
    o =>
      o.kind === 'Service' && namespaces.includes(o.metadata.namespace ?? ''),
  )) {
    const type = service.spec?.type;
    if (type === 'NodePort' || type === 'LoadBalancer') {
      problems.push(
        `${refOf(
          service,
        )}: type ${type} opens a plain way in around the TLS edge; keep it ClusterIP and route through the ingress Gateway`,
      );
    }
  }
  const gateways = ofKind(objects, 'Gateway', 'networking.istio.io');
  const virtualServices = ofKind(
    objects,
    'VirtualService',
    'networking.istio.io',
  );
  const certificates = ofKind(objects, 'Certificate', 'cert-manager.io');
  const envoyFilters = ofKind(objects, 'EnvoyFilter', 'networking.istio.io');
  for (const role of roles) {
    let runs;
    try {
      runs = readQuantumlayerRoles(role.config) ?? QUANTUMLAYER_ROLES;
    } catch {
      continue; // the LLM provider rule reports it
    }
    if (!runs.includes('gateway')) continue;
    const baseUrl = role.config.getOptionalString('app.baseUrl') ?? '';
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== 'https:') {
      problems.push(
        `${role.ref}: app.baseUrl is ${
          baseUrl || 'unset'
        }; the portal is served over HTTPS at the edge, so set it to https://<the ingress Gateway's host>`,
      );
      continue;
    }
    const host = url.hostname;
    const service = portalService(objects, role);
    const servers = gateways.flatMap(gateway =>
      (gateway.spec?.servers ?? [])
        .filter((server: any) =>
          (server.hosts ?? []).some((h: string) =>
            nameCovers(
              splitServerHost(h, gateway.metadata.namespace!).name,
              host,
            ),
          ),
        )
        .map((server: any) => ({ gateway, server })),
    );
    if (servers.length === 0) {
      problems.push(
        `${role.ref}: no Istio Gateway serves its host ${host} (app.baseUrl); add one with an HTTPS server for it`,
      );
      continue;
    }
    const tlsServers = servers.filter(({ gateway, server }) => {
      const where = `${refOf(gateway)}: port ${server.port?.number} (${host})`;
      const protocol = String(server.port?.protocol ?? '').toUpperCase();
      if (protocol === 'HTTPS' || protocol === 'TLS') {
        if (
          !TLS_MODES.includes(server.tls?.mode) ||
          !server.tls?.credentialName
        ) {
          problems.push(
            `${where}: terminate TLS with tls.mode SIMPLE or MUTUAL and a credentialName`,
          );
          return false;
        }
        return true;
      }
      if (server.tls?.httpsRedirect !== true) {
        problems.push(
          `${where}: serves ${protocol} without TLS; only a redirect may answer in plain HTTP, so set tls.httpsRedirect: true`,
        );
      }
      return false;
    });
    if (tlsServers.length === 0) {
      problems.push(
        `${role.ref}: no Gateway terminates TLS for ${host}; add an HTTPS server with a credentialName`,
      );
    }
    const port = listenPort(role);
    const portal = { namespace: role.namespace, labels: role.podLabels };
    // Any pod outside the platform: no NetworkPolicy of its own limits it.
    const stranger = { namespace: 'default', labels: {} };
    if (networkAllows(objects, stranger, portal, port)) {
      problems.push(
        `${role.ref}: the NetworkPolicies let any pod reach port ${port}, a plain-HTTP way around the TLS edge; admit only the ingress gateway's pods`,
      );
    }
    for (const { gateway, server } of tlsServers) {
      const gatewayNs = gateway.metadata.namespace!;
      const gatewayRef = refOf(gateway);
      const ingressPod = {
        namespace: gatewayNs,
        labels: gateway.spec?.selector ?? {},
      };
      if (!networkAllows(objects, ingressPod, portal, port)) {
        problems.push(
          `${gatewayRef}: the NetworkPolicies do not let its workload (${Object.entries(
            ingressPod.labels,
          )
            .map(([k, v]) => `${k}=${v}`)
            .join(',')} in ${gatewayNs}) reach ${role.ref} on port ${port}`,
        );
      }
      const secret = server.tls.credentialName;
      const certificate = certificates.find(
        c =>
          c.metadata.namespace === gatewayNs && c.spec?.secretName === secret,
      );
      if (!certificate) {
        problems.push(
          `${gatewayRef}: no cert-manager Certificate in namespace ${gatewayNs} writes its credentialName ${secret} (Istio reads it from the ingress gateway's namespace)`,
        );
      } else {
        const names: string[] = certificate.spec.dnsNames ?? [];
        if (!names.some(n => nameCovers(n, host))) {
          problems.push(
            `${refOf(certificate)}: dnsNames ${
              names.join(', ') || '(none)'
            } do not cover ${host}`,
          );
        }
        const issuer = certificate.spec.issuerRef ?? {};
        const kind = issuer.kind ?? 'Issuer';
        const found = ofKind(objects, kind, 'cert-manager.io').find(
          i =>
            i.metadata.name === issuer.name &&
            (kind === 'ClusterIssuer' || i.metadata.namespace === gatewayNs),
        );
        if (!found) {
          problems.push(
            `${refOf(certificate)}: its issuer ${kind} ${
              issuer.name
            } is not rendered; add it (deploy/README.md, "Edge")`,
          );
        }
      }
      const bound = virtualServices.filter(vs => {
        const vsNs = vs.metadata.namespace!;
        const bindsGateway = (vs.spec?.gateways ?? []).some(
          (g: string) =>
            g === `${gatewayNs}/${gateway.metadata.name}` ||
            (vsNs === gatewayNs && g === gateway.metadata.name),
        );
        const mayBind = (server.hosts ?? []).some((h: string) => {
          const entry = splitServerHost(h, gatewayNs);
          return (
            (entry.namespace === '*' || entry.namespace === vsNs) &&
            nameCovers(entry.name, host)
          );
        });
        return bindsGateway && mayBind && (vs.spec?.hosts ?? []).includes(host);
      });
      const routes = bound.some(vs =>
        (vs.spec?.http ?? []).some((route: any) =>
          (route.route ?? []).some((r: any) =>
            service
              ?.hosts(vs.metadata.namespace!)
              .includes(r.destination?.host),
          ),
        ),
      );
      if (!routes) {
        problems.push(
          `${gatewayRef}: no VirtualService bound to it routes ${host} to ${
            service?.ref ?? `a Service of ${role.ref}`
          }`,
        );
      }
      const vhost = `${host}:${server.port?.number}`;
      const limited = envoyFilters.some(
        f =>
          (f.metadata.namespace === gatewayNs ||
            f.metadata.namespace === MESH_ROOT_NAMESPACE) &&
          subset(
            f.spec?.workloadSelector?.labels,
            gateway.spec?.selector ?? {},
          ) &&
          rateLimits(f, vhost),
      );
      if (!limited) {
        problems.push(
          `${gatewayRef}: no request rate limit on ${vhost}; add an EnvoyFilter on its workload with ${RATE_LIMIT_FILTER} and a token_bucket for that virtual host`,
        );
      }
    }
  }
  return [...new Set(problems)];
}
