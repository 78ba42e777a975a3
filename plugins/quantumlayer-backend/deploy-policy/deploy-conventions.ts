import type { RenderedObject } from './rendered-manifests';

/** The scaling targets per role (seed 000: router 3-10, orchestrator 2-5). */
export const ROLE_REPLICAS: Record<string, [min: number, max: number]> = {
  gateway: [2, 5],
  'workflow-api': [2, 5],
  router: [3, 10],
  worker: [2, 5],
  'sandbox-worker': [2, 5],
};
/** The plugin a role serves: the router role is the router plugin's. */
const pluginPath = (role: string) =>
  role === 'router' ? '/api/quantumlayer-router' : '/api/quantumlayer';

/**
 * deploy/'s own conventions for the backend roles, beyond the seed rules:
 * every role is rendered, probes hit the plugin's health and ready routes,
 * HPAs scale on CPU 70 % and memory 80 % within the role's range, and pods
 * spread across nodes. Returns one message per broken convention.
 */
export function checkDeployConventions(objects: RenderedObject[]): string[] {
  const problems: string[] = [];
  const deployments = objects.filter(
    o =>
      o.kind === 'Deployment' &&
      o.metadata.labels?.['app.kubernetes.io/part-of'] === 'quantumlayer',
  );
  for (const [role, [min, max]] of Object.entries(ROLE_REPLICAS)) {
    const deployment = deployments.find(
      d => d.metadata.labels?.['app.kubernetes.io/component'] === role,
    );
    if (!deployment) {
      problems.push(
        `role ${role}: no Deployment labelled app.kubernetes.io/component=${role}`,
      );
      continue;
    }
    const ref = `Deployment ${deployment.metadata.namespace}/${deployment.metadata.name}`;
    const pod = deployment.spec?.template?.spec ?? {};
    const container = (pod.containers ?? [])[0] ?? {};
    const LIVENESS = `${pluginPath(role)}/health`;
    const READINESS = `${pluginPath(role)}/ready`;
    if (container.livenessProbe?.httpGet?.path !== LIVENESS) {
      problems.push(`${ref}: livenessProbe must GET ${LIVENESS}`);
    }
    if (container.readinessProbe?.httpGet?.path !== READINESS) {
      problems.push(`${ref}: readinessProbe must GET ${READINESS}`);
    }
    if (!container.resources?.requests || !container.resources?.limits) {
      problems.push(`${ref}: set resources.requests and resources.limits`);
    }
    if (!pod.affinity?.podAntiAffinity) {
      problems.push(
        `${ref}: add a podAntiAffinity that spreads its pods across nodes`,
      );
    }
    const hpa = objects.find(
      o =>
        o.kind === 'HorizontalPodAutoscaler' &&
        o.metadata.namespace === deployment.metadata.namespace &&
        o.spec?.scaleTargetRef?.name === deployment.metadata.name,
    );
    if (!hpa) continue; // the workload-hpa rule reports it
    if (hpa.spec.minReplicas !== min || hpa.spec.maxReplicas !== max) {
      problems.push(
        `HorizontalPodAutoscaler ${hpa.metadata.namespace}/${hpa.metadata.name}: scales ${hpa.spec.minReplicas}-${hpa.spec.maxReplicas}, role ${role} needs ${min}-${max}`,
      );
    }
    const target = (name: string) =>
      (hpa.spec.metrics ?? []).find((m: any) => m.resource?.name === name)
        ?.resource?.target?.averageUtilization;
    if (target('cpu') !== 70 || target('memory') !== 80) {
      problems.push(
        `HorizontalPodAutoscaler ${hpa.metadata.namespace}/${
          hpa.metadata.name
        }: targets cpu ${target('cpu')} % and memory ${target(
          'memory',
        )} %, expected 70 % and 80 %`,
      );
    }
  }
  return problems;
}
