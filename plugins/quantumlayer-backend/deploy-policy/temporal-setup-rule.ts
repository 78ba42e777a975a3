import { WORKFLOW_SEARCH_ATTRIBUTE_KEYS } from '../src/workflows/shared';
import { networkAllows } from './network-reach';
import type { RenderedObject } from './rendered-manifests';
import type { RoleDeployment } from './role-config';

/** The Temporal chart's frontend pods (deploy/temporal/values.yaml). */
const FRONTEND_LABELS = {
  'app.kubernetes.io/name': 'temporal',
  'app.kubernetes.io/component': 'frontend',
};

/** `--flag value` and `--flag=value` of an argv; a repeated flag keeps every value. */
function flagsOf(argv: string[]): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  argv.forEach((arg, i) => {
    const match = arg.match(/^--([\w-]+)(?:=(.*))?$/);
    if (match) {
      const values = flags.get(match[1]) ?? [];
      flags.set(match[1], [...values, match[2] ?? argv[i + 1] ?? '']);
    }
  });
  return flags;
}

/** The last value of a flag, as the CLI reads a single-valued one. */
function lastOf(flags: Map<string, string[]>, flag: string) {
  const values = flags.get(flag) ?? [];
  return values[values.length - 1];
}

/** The `temporal operator search-attribute create` calls of the rendered Jobs. */
function registrations(objects: RenderedObject[]) {
  return objects
    .filter(o => o.kind === 'Job')
    .flatMap(job =>
      (job.spec?.template?.spec?.containers ?? []).flatMap((c: any) => {
        const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])];
        const text = argv.join(' ');
        return /\boperator search-attribute create\b/.test(text)
          ? [{ job, flags: flagsOf(argv) }]
          : [];
      }),
    );
}

/**
 * Whether a `search-attribute create` call registers `attribute`: the CLI
 * pairs each `--name` with the `--type` at the same position and skips
 * names without one.
 */
function registers(
  flags: Map<string, string[]>,
  attribute: { name: string; type: string },
) {
  const types = flags.get('type') ?? [];
  return (flags.get('name') ?? []).some(
    (name, i) =>
      name === attribute.name &&
      types[i]?.toLowerCase() === attribute.type.toLowerCase(),
  );
}

/** What makes a Job least-privileged; one message per gap. */
function privilegeGaps(objects: RenderedObject[], job: RenderedObject) {
  const ref = `Job ${job.metadata.namespace}/${job.metadata.name}`;
  const pod = job.spec.template.spec;
  const gaps: string[] = [];
  if (pod.securityContext?.runAsNonRoot !== true) {
    gaps.push(`${ref}: set securityContext.runAsNonRoot: true`);
  }
  for (const c of pod.containers) {
    const sc = c.securityContext ?? {};
    if (
      sc.readOnlyRootFilesystem !== true ||
      sc.allowPrivilegeEscalation !== false ||
      !(sc.capabilities?.drop ?? []).includes('ALL')
    ) {
      gaps.push(
        `${ref}: container ${c.name} needs readOnlyRootFilesystem: true, allowPrivilegeEscalation: false and capabilities.drop [ALL]`,
      );
    }
  }
  const account = objects.find(
    o =>
      o.kind === 'ServiceAccount' &&
      o.metadata.namespace === job.metadata.namespace &&
      o.metadata.name === (pod.serviceAccountName ?? 'default'),
  );
  if (
    (pod.automountServiceAccountToken ??
      account?.automountServiceAccountToken) !== false
  ) {
    gaps.push(
      `${ref}: mounts a service account token; set automountServiceAccountToken: false`,
    );
  }
  return gaps;
}

/**
 * Every Temporal namespace and frontend the roles use gets the workflows'
 * search attributes from a Job (`temporal operator search-attribute create`)
 * that runs least-privileged and may reach that frontend.
 */
export function checkTemporalSetup(
  objects: RenderedObject[],
  roles: RoleDeployment[],
): string[] {
  const problems: string[] = [];
  const targets = new Map<string, { address: string; namespace: string }>();
  for (const role of roles) {
    const address = role.config.getOptionalString(
      'quantumlayer.temporal.address',
    );
    const namespace = role.config.getOptionalString(
      'quantumlayer.temporal.namespace',
    );
    if (address && namespace && !address.includes('${')) {
      targets.set(`${address} ${namespace}`, { address, namespace });
    }
  }
  const jobs = registrations(objects);
  for (const { address, namespace } of targets.values()) {
    for (const attribute of WORKFLOW_SEARCH_ATTRIBUTE_KEYS) {
      const found = jobs.find(
        ({ flags }) =>
          lastOf(flags, 'address') === address &&
          lastOf(flags, 'namespace') === namespace &&
          registers(flags, attribute),
      );
      if (!found) {
        problems.push(
          `no Job registers search attribute ${attribute.name} (${attribute.type}) in Temporal namespace ${namespace} at ${address}; runs cannot start without it`,
        );
        continue;
      }
      problems.push(...privilegeGaps(objects, found.job));
      const [host, port] = address.split(':');
      const frontend = {
        namespace: host.split('.')[1] ?? found.job.metadata.namespace!,
        labels: FRONTEND_LABELS,
      };
      const pod = {
        namespace: found.job.metadata.namespace!,
        labels: found.job.spec.template.metadata?.labels ?? {},
      };
      if (!networkAllows(objects, pod, frontend, Number(port))) {
        problems.push(
          `Job ${pod.namespace}/${found.job.metadata.name}: the NetworkPolicies do not let it reach the Temporal frontend on port ${port}`,
        );
      }
    }
  }
  return [...new Set(problems)];
}
