import type { Config } from '@backstage/config';
import {
  type KubernetesAuth,
  readKubernetesAuth,
} from '@internal/backstage-plugin-quantumlayer-node';

/** Settings under `quantumlayer.kubernetes`. */
export interface KubernetesSettings {
  auth: KubernetesAuth;
  /** The platform's namespaces. */
  namespaces: string[];
  /** Deployments that run without a sidecar: `name` or `namespace/name`. */
  edgeServices: string[];
  /** Selects the platform's Deployments and pods. */
  labelSelector: string;
  /** Where mesh-wide Istio policies live. */
  meshRootNamespace: string;
  /** Where the ingress gateway runs: its Gateways and their Certificates. */
  ingressNamespace: string;
  /** A platform database whose last successful backup is older fails. */
  maxBackupAgeMs: number;
  cacheMs: number;
  /** Per-request deadline towards the API server. */
  timeoutMs: number;
  /** Items per list request; longer lists are read by `continue` token. */
  pageSize: number;
}

export const DEFAULT_NAMESPACES = ['quantumlayer'];
/** The edge roles as deploy/ names them. */
export const DEFAULT_EDGE_SERVICES = [
  'quantumlayer-gateway',
  'quantumlayer-workflow-api',
];
export const DEFAULT_LABEL_SELECTOR = 'app.kubernetes.io/part-of=quantumlayer';

function readPageSize(k: Config): number {
  const pageSize = k.getOptionalNumber('pageSize') ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new Error(
      `quantumlayer.kubernetes.pageSize ${pageSize} is not a positive whole number; set the items per list request, e.g. 500`,
    );
  }
  return pageSize;
}

/** Default: a daily schedule plus two hours for the backup to finish. */
function readMaxBackupAge(k: Config): number {
  const hours = k.getOptionalNumber('maxBackupAgeHours') ?? 26;
  if (!(hours > 0)) {
    throw new Error(
      `quantumlayer.kubernetes.maxBackupAgeHours ${hours} is not a positive number; set the age in hours after which the last backup is too old, e.g. 26 for a daily schedule`,
    );
  }
  return hours * 3_600_000;
}

/** Undefined when `quantumlayer.kubernetes.enabled` is not true. */
export function readKubernetesSettings(
  config: Config,
): KubernetesSettings | undefined {
  const k = config.getOptionalConfig('quantumlayer.kubernetes');
  if (!k?.getOptionalBoolean('enabled')) {
    return undefined;
  }
  const namespaces = k.getOptionalStringArray('namespaces') ?? [
    ...DEFAULT_NAMESPACES,
  ];
  if (namespaces.length === 0) {
    throw new Error(
      'quantumlayer.kubernetes.namespaces is empty; list the namespaces the platform runs in, e.g. [quantumlayer, temporal]',
    );
  }
  return {
    auth: readKubernetesAuth(config) ?? { type: 'in-cluster' },
    namespaces,
    edgeServices: k.getOptionalStringArray('edgeServices') ?? [
      ...DEFAULT_EDGE_SERVICES,
    ],
    labelSelector:
      k.getOptionalString('labelSelector') ?? DEFAULT_LABEL_SELECTOR,
    meshRootNamespace:
      k.getOptionalString('meshRootNamespace') ?? 'istio-system',
    ingressNamespace: k.getOptionalString('ingressNamespace') ?? 'istio-system',
    maxBackupAgeMs: readMaxBackupAge(k),
    cacheMs: (k.getOptionalNumber('cacheSeconds') ?? 10) * 1000,
    timeoutMs: (k.getOptionalNumber('timeoutSeconds') ?? 10) * 1000,
    pageSize: readPageSize(k),
  };
}
