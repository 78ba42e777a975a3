// The posture on a real API server (__testUtils__/real-kube.ts): the platform
// config deploy/ ships, the verdicts its production overlay gets as applied,
// and the clients and helpers the test files use to change live objects.
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader, type JsonObject } from '@backstage/config';
import type { PostureReport } from '@internal/backstage-plugin-quantumlayer-common';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  PolicyV1Api,
} from '@kubernetes/client-node';
import { createPlatformPosture } from '../platform/platform-posture';
import { realKubeUnavailable, useRealKube } from './real-kube';

/** The platform config deploy/base/apps/gateway.yaml ships, as an explicit server. */
export const PLATFORM = {
  enabled: true,
  namespaces: ['quantumlayer', 'temporal'],
  edgeServices: [
    'quantumlayer/quantumlayer-gateway',
    'temporal/quantumlayer-workflow-api',
  ],
  meshRootNamespace: 'istio-system',
};

export const DEPLOYMENTS = [
  'quantumlayer/otel-collector',
  'quantumlayer/quantumlayer-gateway',
  'quantumlayer/quantumlayer-router',
  'temporal/quantumlayer-sandbox-worker',
  'temporal/quantumlayer-worker',
  'temporal/quantumlayer-workflow-api',
];
export const INTERNAL = DEPLOYMENTS.filter(
  d => !PLATFORM.edgeServices.includes(d),
);
/** The internal Deployments' Services (the edge ones' are not judged by the Istio rules). */
export const SERVICES = [
  'quantumlayer/otel-collector',
  'quantumlayer/llm-router',
  'temporal/sandbox-worker',
  'temporal/worker',
];

/** The verdicts on the production overlay as applied, in the rules' order. */
export const APPLIED = [
  // The gateway and workflow API templates carry sidecar.istio.io/inject:
  // "false", and no pod runs, so none has an istio-proxy: pass.
  'edge-no-sidecar pass Deployment quantumlayer/quantumlayer-gateway',
  'edge-no-sidecar pass Deployment temporal/quantumlayer-workflow-api',
  // Whether a sidecar was injected is seen only in pods, and nothing schedules
  // any: unknown, never a guess from the template.
  ...INTERNAL.map(d => `internal-sidecar unknown Deployment ${d}`),
  // Both namespaces have a NetworkPolicy default-deny (empty podSelector,
  // Ingress and Egress).
  'namespace-default-deny pass Namespace quantumlayer',
  'namespace-default-deny pass Namespace temporal',
  // Every Deployment has its HorizontalPodAutoscaler and PodDisruptionBudget;
  // both rules read the specs only, so no running pod is needed.
  ...DEPLOYMENTS.map(d => `workload-hpa pass Deployment ${d}`),
  ...DEPLOYMENTS.map(d => `workload-pdb pass Deployment ${d}`),
  // PeerAuthentication default sets STRICT in both namespaces.
  'istio-mtls-strict pass Namespace quantumlayer',
  'istio-mtls-strict pass Namespace temporal',
  // A DestinationRule with outlierDetection and connectionPool per internal
  // Service; edge services take traffic outside the mesh, so none is judged.
  ...SERVICES.map(s => `istio-destination-rule pass Service ${s}`),
  ...SERVICES.map(s => `istio-circuit-breaking pass Service ${s}`),
  // No CloudNativePG operator runs, so the Cluster has no status: 0 of 3
  // instances ready and no primary, a real failure on a real cluster too.
  'cnpg-cluster-ready fail Cluster quantumlayer/quantumlayer-db',
  // HA and the pooler are read from the specs: 3 instances, a rw Pooler.
  'cnpg-cluster-ha pass Cluster quantumlayer/quantumlayer-db',
  'cnpg-pooler pass Cluster quantumlayer/quantumlayer-db',
  // WAL archived to the object store, a daily ScheduledBackup: from the specs.
  'cnpg-backup-schedule pass Cluster quantumlayer/quantumlayer-db',
  // No operator, so no backup was ever taken: status.lastSuccessfulBackup empty.
  'cnpg-last-backup fail Cluster quantumlayer/quantumlayer-db',
  // The portal VirtualService binds Gateway istio-system/quantumlayer, HTTPS
  // with quantumlayer-portal-tls and port 80 redirecting; no cert-manager
  // controller runs, so its Certificate has no Ready condition: fail.
  'edge-ingress-tls fail Gateway istio-system/quantumlayer',
  // A namespace-wide Sidecar with REGISTRY_ONLY in each namespace.
  'egress-registry-only pass Namespace quantumlayer',
  'egress-registry-only pass Namespace temporal',
];

export const verdicts = (r: PostureReport) =>
  r.rules.map(rule => `${rule.id} ${rule.status} ${rule.object}`);

export const verdictOf = (r: PostureReport, id: string, object: string) =>
  r.rules.find(rule => rule.id === id && rule.object === object);

/** A namespaced custom object, as CustomObjectsApi addresses it. */
export type CustomObjectRef = {
  group: string;
  version: string;
  plural: string;
  namespace: string;
  name: string;
};

/**
 * The real API server of the enclosing test file (started in beforeAll), with
 * admin or token clients, fresh posture reports and object edits.
 */
export function usePostureOnRealKube() {
  const kube = useRealKube();

  /** Admin (system:masters) or `token`'s API clients. */
  function clients(token = kube().token) {
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      {
        name: 'real',
        server: kube().server,
        caData: kube().caData,
        skipTLSVerify: false,
      },
      { name: 'real', token },
    );
    return {
      core: kc.makeApiClient(CoreV1Api),
      apps: kc.makeApiClient(AppsV1Api),
      policy: kc.makeApiClient(PolicyV1Api),
      networking: kc.makeApiClient(NetworkingV1Api),
      custom: kc.makeApiClient(CustomObjectsApi),
    };
  }

  /** A fresh report (no cache) through the plugin's real config keys. */
  function report(extra: JsonObject = {}) {
    return createPlatformPosture({
      config: new ConfigReader({
        quantumlayer: {
          kubernetes: {
            ...PLATFORM,
            server: kube().server,
            token: kube().token,
            caData: kube().caData,
            ...extra,
          },
        },
      }),
      logger: mockServices.logger.mock(),
    }).report();
  }

  /** Sets a custom object's status (the status subresource), returning the old one. */
  async function setStatus(target: CustomObjectRef, status: unknown) {
    const { custom } = clients();
    const object = await custom.getNamespacedCustomObject(target);
    const previous = object.status ?? {};
    await custom.replaceNamespacedCustomObjectStatus({
      ...target,
      body: { ...object, status },
    });
    return previous;
  }

  /** Changes one field of a custom object's spec, runs `check`, and puts it back. */
  async function withSpecChange(
    target: CustomObjectRef,
    change: (spec: any) => void,
    check: () => Promise<void>,
  ) {
    const { custom } = clients();
    const original = await custom.getNamespacedCustomObject(target);
    const changed = structuredClone(original);
    change(changed.spec);
    await custom.replaceNamespacedCustomObject({ ...target, body: changed });
    try {
      await check();
    } finally {
      const current = await custom.getNamespacedCustomObject(target);
      await custom.replaceNamespacedCustomObject({
        ...target,
        body: { ...current, spec: original.spec },
      });
    }
  }

  return { kube, clients, report, setStatus, withSpecChange };
}

/**
 * A describe block on the real API server, skipped with a warning where the
 * binaries cannot be built; its tests get 60 s each.
 */
export function describeOnRealKube(name: string, body: () => void) {
  const unavailable = realKubeUnavailable();
  if (unavailable) {
    // eslint-disable-next-line no-console
    console.warn(`skipping the real-kube posture tests: ${unavailable}`);
  }
  (unavailable ? describe.skip : describe)(name, () => {
    jest.setTimeout(60_000);
    body();
  });
}
