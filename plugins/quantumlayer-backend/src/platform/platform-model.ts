import type {
  V1Deployment,
  V1Pod,
  V1PodDisruptionBudget,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { selectorMatches, serviceSelects } from './label-selector';
import { itemsOf, PlatformSnapshot } from './platform-snapshot';

/** The annotation (or label) that keeps Istio from injecting a sidecar. */
export const SIDECAR_INJECT = 'sidecar.istio.io/inject';
export const SIDECAR_CONTAINER = 'istio-proxy';

/** One platform Deployment joined with its pods, autoscaler, budget and Services. */
export interface WorkloadFacts {
  deployment: V1Deployment;
  namespace: string;
  name: string;
  /** `Deployment <ns>/<name>` */
  object: string;
  edge: boolean;
  /** Running (not finished) pods selected by the Deployment. */
  pods: V1Pod[];
  podsWithSidecar: number;
  /** The pod template says `sidecar.istio.io/inject: "false"`. */
  injectionDisabled: boolean;
  hpa?: V2HorizontalPodAutoscaler;
  pdb?: V1PodDisruptionBudget;
  services: V1Service[];
}

export const objectRef = (kind: string, namespace: string, name: string) =>
  `${kind} ${namespace}/${name}`;

/** Istio's sidecar: a container, or a native sidecar (restartable init container). */
export function hasSidecar(pod: V1Pod): boolean {
  return (
    (pod.spec?.containers ?? []).some(c => c.name === SIDECAR_CONTAINER) ||
    (pod.spec?.initContainers ?? []).some(
      c => c.name === SIDECAR_CONTAINER && c.restartPolicy === 'Always',
    )
  );
}

/** `name` (any platform namespace) or `namespace/name`. */
export function isEdge(
  edgeServices: string[],
  namespace: string,
  name: string,
) {
  return edgeServices.some(
    entry => entry === name || entry === `${namespace}/${name}`,
  );
}

function injectionDisabled(deployment: V1Deployment) {
  const template = deployment.spec?.template.metadata;
  return (
    template?.annotations?.[SIDECAR_INJECT] === 'false' ||
    template?.labels?.[SIDECAR_INJECT] === 'false'
  );
}

/** Joins each Deployment with the objects that select or target it. */
export function buildWorkloads(snapshot: PlatformSnapshot): WorkloadFacts[] {
  return snapshot.namespaces.flatMap(namespace => {
    const pods = itemsOf(snapshot, 'pods', [namespace]).filter(
      pod => !['Succeeded', 'Failed'].includes(pod.status?.phase ?? ''),
    );
    const hpas = itemsOf(snapshot, 'horizontalpodautoscalers', [namespace]);
    const pdbs = itemsOf(snapshot, 'poddisruptionbudgets', [namespace]);
    const services = itemsOf(snapshot, 'services', [namespace]);
    return itemsOf(snapshot, 'deployments', [namespace]).map(deployment => {
      const name = deployment.metadata?.name ?? '';
      const templateLabels = deployment.spec?.template.metadata?.labels;
      const own = pods.filter(pod =>
        selectorMatches(deployment.spec?.selector, pod.metadata?.labels),
      );
      return {
        deployment,
        namespace,
        name,
        object: objectRef('Deployment', namespace, name),
        edge: isEdge(snapshot.edgeServices, namespace, name),
        pods: own,
        podsWithSidecar: own.filter(hasSidecar).length,
        injectionDisabled: injectionDisabled(deployment),
        hpa: hpas.find(
          hpa =>
            hpa.spec?.scaleTargetRef.kind === 'Deployment' &&
            hpa.spec.scaleTargetRef.name === name,
        ),
        pdb: pdbs.find(pdb =>
          selectorMatches(pdb.spec?.selector, templateLabels),
        ),
        services: services.filter(service =>
          serviceSelects(service.spec?.selector, templateLabels),
        ),
      };
    });
  });
}
