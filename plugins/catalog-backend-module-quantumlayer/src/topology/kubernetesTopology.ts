import { Entity, makeValidator } from '@backstage/catalog-model';
import { managedByAnnotations, PART_OF_SELECTOR, SYSTEM_NAME } from './refs';
import type { PlatformDeployment, PlatformTopology } from './types';

const NAME_LABEL = 'app.kubernetes.io/name';
const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

const validator = makeValidator();

/**
 * The Component a Deployment runs: its `backstage.io/kubernetes-id` label
 * (deploy/ sets it to the seed component each role serves, e.g.
 * quantumlayer-router runs llm-router), else `app.kubernetes.io/name`, else
 * its name.
 */
export function componentNameOf(d: PlatformDeployment): string {
  return d.labels[KUBERNETES_ID_LABEL] ?? d.labels[NAME_LABEL] ?? d.name;
}

/** What lets the Kubernetes plugin find a Component's workloads. */
export function kubernetesAnnotations(
  d: PlatformDeployment,
): Record<string, string> {
  const appName = d.labels[NAME_LABEL];
  return {
    'backstage.io/kubernetes-id':
      d.labels[KUBERNETES_ID_LABEL] ?? componentNameOf(d),
    'backstage.io/kubernetes-namespace': d.namespace,
    ...(appName && {
      'backstage.io/kubernetes-label-selector': `${PART_OF_SELECTOR},${NAME_LABEL}=${appName}`,
    }),
  };
}

/** Result of merging Deployments into the config topology. */
export interface KubernetesMerge {
  entities: Entity[];
  /** Deployments whose component name is not a valid entity name, as `ns/name`. */
  skipped: string[];
}

/**
 * Annotates the Components that run as Deployments and adds a Component for
 * each Deployment not in the fixed list. The first Deployment of a name (in
 * namespace order) wins.
 */
export function mergeDeployments(
  entities: Entity[],
  deployments: PlatformDeployment[],
  t: PlatformTopology,
): KubernetesMerge {
  const byName = new Map<string, PlatformDeployment>();
  const skipped: string[] = [];
  for (const d of deployments) {
    const name = componentNameOf(d);
    if (!validator.isValidEntityName(name)) {
      skipped.push(`${d.namespace}/${d.name}`);
    } else if (!byName.has(name)) {
      byName.set(name, d);
    }
  }

  const merged = entities.map(entity => {
    const d =
      entity.kind === 'Component'
        ? byName.get(entity.metadata.name)
        : undefined;
    if (!d) return entity;
    byName.delete(entity.metadata.name);
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          ...kubernetesAnnotations(d),
        },
      },
    };
  });

  const extra: Entity[] = [...byName.entries()].map(([name, d]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      description: `Deployment ${d.namespace}/${d.name}, found in Kubernetes`,
      annotations: { ...managedByAnnotations(), ...kubernetesAnnotations(d) },
    },
    spec: {
      type: 'service',
      lifecycle: t.lifecycle,
      owner: t.owner,
      system: SYSTEM_NAME,
    },
  }));

  return { entities: [...merged, ...extra], skipped };
}
