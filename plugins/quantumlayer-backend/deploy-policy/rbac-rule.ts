import type { Config } from '@backstage/config';
import { CERT_MANAGER_GROUP } from '../src/platform/cert-manager-api';
import { CNPG_GROUP } from '../src/platform/cnpg-api';
import {
  ISTIO_NETWORKING_GROUP,
  ISTIO_SECURITY_GROUP,
} from '../src/platform/istio-api';
import { readKubernetesSettings } from '../src/platform/kubernetes-settings';
import {
  namespacesOf,
  READ_SCOPES,
  ResourceName,
} from '../src/platform/platform-snapshot';
import { networkAllows } from './network-reach';
import type { RenderedObject } from './rendered-manifests';
import type { RoleDeployment } from './role-config';

/**
 * The API group and resource of each list the posture reader makes
 * (src/platform/read-workloads.ts, read-operators.ts, read-istio.ts): a
 * `Record` over the snapshot's resources, so a new one cannot go unlisted.
 * The namespaces each is read in come from READ_SCOPES.
 */
const POSTURE_LISTS: Record<ResourceName, { group: string; resource: string }> =
  {
    deployments: { group: 'apps', resource: 'deployments' },
    pods: { group: '', resource: 'pods' },
    horizontalpodautoscalers: {
      group: 'autoscaling',
      resource: 'horizontalpodautoscalers',
    },
    poddisruptionbudgets: { group: 'policy', resource: 'poddisruptionbudgets' },
    networkpolicies: {
      group: 'networking.k8s.io',
      resource: 'networkpolicies',
    },
    services: { group: '', resource: 'services' },
    clusters: { group: CNPG_GROUP, resource: 'clusters' },
    poolers: { group: CNPG_GROUP, resource: 'poolers' },
    scheduledbackups: { group: CNPG_GROUP, resource: 'scheduledbackups' },
    peerauthentications: {
      group: ISTIO_SECURITY_GROUP,
      resource: 'peerauthentications',
    },
    destinationrules: {
      group: ISTIO_NETWORKING_GROUP,
      resource: 'destinationrules',
    },
    virtualservices: {
      group: ISTIO_NETWORKING_GROUP,
      resource: 'virtualservices',
    },
    gateways: { group: ISTIO_NETWORKING_GROUP, resource: 'gateways' },
    sidecars: { group: ISTIO_NETWORKING_GROUP, resource: 'sidecars' },
    serviceentries: {
      group: ISTIO_NETWORKING_GROUP,
      resource: 'serviceentries',
    },
    certificates: { group: CERT_MANAGER_GROUP, resource: 'certificates' },
  };

/** The catalog module's topology lists Deployments, nothing else (its KubernetesDeploymentReader). */
const CATALOG_LISTS = [{ group: 'apps', resource: 'deployments' }];
const CATALOG_DEFAULT_NAMESPACES = ['quantumlayer', 'temporal'];
const READ_VERBS = ['get', 'list', 'watch'];

/** One permission: a verb on a resource in a namespace (`*`: every namespace). */
interface Access {
  namespace: string;
  group: string;
  resource: string;
  verb: string;
}

const accessKey = (a: Access) =>
  `${a.verb} ${a.group ? `${a.resource}.${a.group}` : a.resource} in ${
    a.namespace === '*' ? 'every namespace' : `namespace ${a.namespace}`
  }`;

/**
 * What a role reads from the Kubernetes API as its pod's service account:
 * the posture reader with `auth: in-cluster` and the catalog topology without
 * an explicit cluster (both read with the mounted token).
 */
function requiredAccess(config: Config): Access[] {
  const needed: Access[] = [];
  const posture = readKubernetesSettings(config);
  if (posture?.auth.type === 'in-cluster') {
    for (const resource of Object.keys(READ_SCOPES) as ResourceName[]) {
      for (const namespace of namespacesOf(resource, posture)) {
        needed.push({ namespace, ...POSTURE_LISTS[resource], verb: 'list' });
      }
    }
  }
  const catalog = config.getOptionalConfig('quantumlayer.catalog.kubernetes');
  if (catalog?.getOptionalBoolean('enabled') && !catalog.has('cluster')) {
    const namespaces =
      catalog.getOptionalStringArray('namespaces') ??
      CATALOG_DEFAULT_NAMESPACES;
    for (const namespace of namespaces) {
      for (const list of CATALOG_LISTS) {
        needed.push({ namespace, ...list, verb: 'list' });
      }
    }
  }
  return needed;
}

interface Grant {
  binding: string;
  role: string;
  namespace: string;
  rule: any;
}

/** The RBAC rules bound to a service account, with the namespace each applies in. */
function grantsOf(
  objects: RenderedObject[],
  account: { namespace: string; name: string },
  problems: string[],
): Grant[] {
  const grants: Grant[] = [];
  for (const binding of objects.filter(
    o => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding',
  )) {
    const bindingNamespace = binding.metadata.namespace ?? '*';
    const bound = (binding.subjects ?? []).some(
      (s: any) =>
        s.kind === 'ServiceAccount' &&
        s.name === account.name &&
        (s.namespace ?? bindingNamespace) === account.namespace,
    );
    if (!bound) continue;
    const ref = binding.roleRef ?? {};
    const bindingRef = `${binding.kind} ${
      binding.metadata.namespace ? `${binding.metadata.namespace}/` : ''
    }${binding.metadata.name}`;
    const role = objects.find(
      o =>
        o.kind === ref.kind &&
        o.metadata.name === ref.name &&
        (ref.kind === 'ClusterRole' ||
          o.metadata.namespace === binding.metadata.namespace),
    );
    if (!role) {
      problems.push(
        `${bindingRef}: refers to ${ref.kind} ${ref.name}, which deploy/ does not render`,
      );
      continue;
    }
    const namespace =
      binding.kind === 'ClusterRoleBinding' ? '*' : bindingNamespace;
    for (const rule of role.rules ?? []) {
      grants.push({
        binding: bindingRef,
        role: `${role.kind} ${role.metadata.name}`,
        namespace,
        rule,
      });
    }
  }
  return grants;
}

/** Whether a granted access (fields may be `*`) allows a needed one. */
function covers(grant: Access, needed: Access) {
  return (['namespace', 'group', 'resource', 'verb'] as const).every(
    field => grant[field] === '*' || grant[field] === needed[field],
  );
}

/** What one RBAC rule allows, expanded; wildcards stay `*`. */
function expand(grant: Grant): Access[] {
  const { rule, namespace } = grant;
  return (rule.apiGroups ?? []).flatMap((group: string) =>
    (rule.resources ?? []).flatMap((resource: string) =>
      (rule.verbs ?? []).map((verb: string) => ({
        namespace,
        group,
        resource,
        verb,
      })),
    ),
  );
}

/** Why a rule is more than a reader may hold: wildcards, Secrets, writes. */
function forbidden(grant: Grant): string[] {
  const { rule } = grant;
  const reasons: string[] = [];
  const lists = [
    ...(rule.apiGroups ?? []),
    ...(rule.resources ?? []),
    ...(rule.verbs ?? []),
    ...(rule.nonResourceURLs ?? []),
  ];
  if (lists.some((v: string) => v.includes('*'))) {
    reasons.push('uses a wildcard');
  }
  if (
    (rule.apiGroups ?? []).includes('') &&
    (rule.resources ?? []).some((r: string) => r.split('/')[0] === 'secrets')
  ) {
    reasons.push('grants access to Secrets');
  }
  const writes = (rule.verbs ?? []).filter(
    (v: string) => v !== '*' && !READ_VERBS.includes(v),
  );
  if (writes.length) {
    reasons.push(`grants write verbs ${writes.join(', ')}`);
  }
  if (grant.namespace === '*') {
    reasons.push(
      'is bound cluster-wide; bind it with a RoleBinding in each namespace read',
    );
  }
  return reasons.map(
    reason => `${grant.binding} (${grant.role}): ${reason}; readers only list`,
  );
}

/**
 * Least privilege for the pods that read the cluster. A backend role whose
 * config reads the Kubernetes API as its service account (the posture report,
 * the catalog topology) mounts a token, runs as a rendered ServiceAccount
 * whose bindings grant exactly the lists it makes (no wildcards, no Secrets,
 * no write verbs, nothing cluster-wide), and may reach the API server through
 * the NetworkPolicies. Every other Deployment and StatefulSet mounts no token
 * and holds no grant.
 */
export function checkClusterReaders(
  objects: RenderedObject[],
  roles: RoleDeployment[],
): string[] {
  const problems: string[] = [];
  const workloads = objects.filter(
    o =>
      (o.kind === 'Deployment' || o.kind === 'StatefulSet') &&
      o.spec?.template?.spec,
  );
  for (const workload of workloads) {
    const namespace = workload.metadata.namespace ?? 'default';
    const ref = `${workload.kind} ${namespace}/${workload.metadata.name}`;
    const role = roles.find(r => r.ref === ref);
    let needed: Access[] = [];
    try {
      needed = role ? requiredAccess(role.config) : [];
    } catch (error) {
      problems.push(
        `${role!.configMapRef ?? ref}: ${(error as Error).message}`,
      );
      continue;
    }
    const pod = workload.spec.template.spec;
    const accountName = pod.serviceAccountName ?? 'default';
    const account = objects.find(
      o =>
        o.kind === 'ServiceAccount' &&
        o.metadata.namespace === namespace &&
        o.metadata.name === accountName,
    );
    const mountsToken =
      (pod.automountServiceAccountToken ??
        account?.automountServiceAccountToken) !== false;
    const grants = grantsOf(
      objects,
      { namespace, name: accountName },
      problems,
    );
    if (needed.length === 0) {
      if (mountsToken) {
        problems.push(
          `${ref}: mounts a service account token but reads no Kubernetes API; set automountServiceAccountToken: false`,
        );
      }
      for (const grant of grants) {
        problems.push(
          `${grant.binding}: grants ${grant.role} to ServiceAccount ${namespace}/${accountName}, whose pods read no Kubernetes API; remove it`,
        );
      }
      continue;
    }
    const where = `${ref} (reads the cluster as ServiceAccount ${namespace}/${accountName})`;
    if (!mountsToken) {
      problems.push(
        `${where}: mounts no service account token; set automountServiceAccountToken: true on its pod`,
      );
    }
    if (!account) {
      problems.push(
        `${where}: ServiceAccount ${namespace}/${accountName} is not rendered; add it and bind the reader role to it`,
      );
    }
    for (const grant of grants) problems.push(...forbidden(grant));
    const granted = grants.flatMap(expand);
    for (const access of needed) {
      if (!granted.some(g => covers(g, access))) {
        problems.push(
          `${where}: cannot ${accessKey(access)}; no RoleBinding grants it`,
        );
      }
    }
    const neededKeys = new Set(needed.map(accessKey));
    for (const access of granted) {
      // Wildcards and cluster-wide grants are reported above.
      if (Object.values(access).includes('*')) continue;
      if (!neededKeys.has(accessKey(access))) {
        problems.push(
          `${where}: may ${accessKey(access)}, which it never does; remove it`,
        );
      }
    }
    const self = {
      namespace,
      labels: workload.spec.template.metadata?.labels ?? {},
    };
    // The API server is outside the pod network: a peer no selector matches.
    const apiServer = { namespace: 'default', labels: {} };
    for (const port of [443, 6443]) {
      if (!networkAllows(objects, self, apiServer, port)) {
        problems.push(
          `${ref}: the NetworkPolicies do not let it reach the Kubernetes API on port ${port}`,
        );
      }
    }
  }
  return [...new Set(problems)];
}
