import { networkAllows } from './network-reach';
import type { RenderedObject } from './rendered-manifests';
import { RoleDeployment, SecretKeyRef, substitutedVar } from './role-config';

/**
 * The roles that read or write vectors: the worker (retrieval index, stages 3
 * and 12), the router (semantic cache, index backfill) and the gateway (its
 * health report counts the store). Each must share the one Qdrant.
 */
export const VECTOR_STORE_ROLES = ['gateway', 'router', 'worker'];
const QDRANT_NAME = 'qdrant';
const QDRANT_API_KEY_ENV = 'QDRANT__SERVICE__API_KEY';

const sameRef = (a?: SecretKeyRef, b?: SecretKeyRef) =>
  !!a && !!b && a.secret === b.secret && a.key === b.key;

/** Where Qdrant answers as deployed, and the Secret key it requires. */
function deployedQdrant(objects: RenderedObject[]) {
  const service = objects.find(
    o =>
      o.kind === 'Service' &&
      o.spec?.selector?.['app.kubernetes.io/name'] === QDRANT_NAME,
  );
  const statefulSet = objects.find(
    o =>
      o.kind === 'StatefulSet' &&
      o.metadata.labels?.['app.kubernetes.io/name'] === QDRANT_NAME,
  );
  if (!service || !statefulSet) return undefined;
  const port = (service.spec.ports ?? []).find((p: any) => p.name === 'http');
  const env = (statefulSet.spec.template.spec.containers[0].env ?? []).find(
    (e: any) => e.name === QDRANT_API_KEY_ENV,
  )?.valueFrom?.secretKeyRef;
  return {
    ref: `StatefulSet ${statefulSet.metadata.namespace}/${statefulSet.metadata.name}`,
    url: `http://${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local:${port?.port}`,
    port: port?.targetPort ?? port?.port,
    pod: {
      namespace: statefulSet.metadata.namespace!,
      labels: statefulSet.spec.template.metadata?.labels ?? {},
    },
    apiKey: env ? { secret: env.name, key: env.key } : undefined,
  };
}

/**
 * Vector roles select the deployed Qdrant (its Service's DNS name and HTTP
 * port), send the API key Qdrant requires from the same Secret key, and may
 * reach it through the NetworkPolicies; no other role keeps a store on disk.
 */
export function checkVectorStore(
  objects: RenderedObject[],
  roles: RoleDeployment[],
): string[] {
  const problems: string[] = [];
  const qdrant = deployedQdrant(objects);
  if (!qdrant) {
    return [
      `no Qdrant Service and StatefulSet (app.kubernetes.io/name=${QDRANT_NAME}): the vector roles have no shared store`,
    ];
  }
  if (!qdrant.apiKey) {
    problems.push(
      `${qdrant.ref}: set ${QDRANT_API_KEY_ENV} from a Secret (valueFrom.secretKeyRef), or Qdrant answers any caller`,
    );
  }
  for (const role of roles) {
    const where = role.configMapRef ?? role.ref;
    const store = role.config.getOptionalConfig('quantumlayer.vectorStore');
    const type = store?.getOptionalString('type') ?? 'embedded';
    if (type !== 'qdrant') {
      if (VECTOR_STORE_ROLES.includes(role.role)) {
        problems.push(
          `${where}: role ${role.role} keeps its own embedded vector store (quantumlayer.vectorStore.type ${type}); select type qdrant with url ${qdrant.url}`,
        );
      } else if (store?.getOptionalString('directory') !== ':memory:') {
        problems.push(
          `${where}: role ${role.role} keeps an embedded vector store on disk; it uses none, so set quantumlayer.vectorStore.directory ':memory:'`,
        );
      }
      continue;
    }
    const url = store!.getOptionalString('url');
    if (url !== qdrant.url) {
      problems.push(
        `${where}: quantumlayer.vectorStore.url is ${url}; the Qdrant Service answers at ${qdrant.url}`,
      );
    }
    const apiKey = store!.getOptionalString('apiKey');
    const variable = substitutedVar(apiKey);
    if (!variable) {
      problems.push(
        apiKey === undefined
          ? `${where}: quantumlayer.vectorStore.apiKey is not set; Qdrant requires one: \${QDRANT_API_KEY} from a Secret`
          : `${where}: quantumlayer.vectorStore.apiKey is written inline; use \${QDRANT_API_KEY} from a Secret`,
      );
    } else if (!sameRef(role.secretEnv.get(variable), qdrant.apiKey)) {
      problems.push(
        `${
          role.ref
        }: env ${variable} (quantumlayer.vectorStore.apiKey) must come from the Secret key Qdrant uses${
          qdrant.apiKey
            ? ` (${qdrant.apiKey.secret}, key ${qdrant.apiKey.key})`
            : ''
        }`,
      );
    }
    const pod = { namespace: role.namespace, labels: role.podLabels };
    if (!networkAllows(objects, pod, qdrant.pod, Number(qdrant.port))) {
      problems.push(
        `${role.ref}: the NetworkPolicies do not let it reach Qdrant on port ${qdrant.port}`,
      );
    }
  }
  return problems;
}
