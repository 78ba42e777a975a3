/** A rule's verdict; `unknown` when its inputs could not be read. @public */
export type PostureRuleStatus = 'pass' | 'fail' | 'unknown';

/** One posture rule applied to one object. @public */
export interface PostureRuleResult {
  /** Stable rule id, e.g. `edge-no-sidecar`. */
  id: string;
  title: string;
  status: PostureRuleStatus;
  /** The object it concerns: `<Kind> <namespace>/<name>`, or `Namespace <name>`. */
  object: string;
  message: string;
}

/** A platform Deployment with what the posture rules looked at. @public */
export interface PostureWorkload {
  kind: 'Deployment';
  namespace: string;
  name: string;
  replicas: number;
  readyReplicas: number;
  /** Every pod has an `istio-proxy` container; null with no pods or a mix. */
  sidecar: boolean | null;
  /** Listed in `quantumlayer.kubernetes.edgeServices`. */
  edge: boolean;
  /** Name of the HorizontalPodAutoscaler targeting it. */
  hpa: string | null;
  /** Name of the PodDisruptionBudget selecting its pods. */
  pdb: string | null;
}

/** A CloudNativePG `Cluster`. @public */
export interface PostureCnpgCluster {
  namespace: string;
  name: string;
  /** `spec.instances` */
  instances: number;
  readyInstances: number;
  /** `status.currentPrimary` */
  primary: string | null;
  phase: string | null;
  /** A failover or switchover in progress, or the primary failing; null when none. */
  failover: string | null;
}

/** A CloudNativePG `Pooler` (PgBouncer). @public */
export interface PostureCnpgPooler {
  namespace: string;
  name: string;
  /** `spec.cluster.name` */
  cluster: string;
  instances: number;
  /** `rw` or `ro` */
  type: string;
}

/** Answer of `GET /v1/platform/posture`. @public */
export interface PostureReport {
  generatedAt: string;
  kubernetes: {
    status: 'ok' | 'not-configured' | 'forbidden' | 'error';
    message?: string;
    /** API server URL (never credentials). */
    server?: string;
  };
  workloads: PostureWorkload[];
  cnpg: {
    /** The `postgresql.cnpg.io` CRDs are served. */
    installed: boolean;
    /** `ok`, `not-installed`, `forbidden` or `error`. */
    status?: string;
    /** Why the status is not `ok`: the resource, verb and namespace that failed. */
    message?: string;
    clusters: PostureCnpgCluster[];
    poolers: PostureCnpgPooler[];
  };
  istio: {
    /** At least one of the Istio CRDs read is served. */
    installed: boolean;
    /** `ok`, `not-installed`, `forbidden` or `error`. */
    status?: string;
    /** Why the status is not `ok`: the resource, verb and namespace that failed. */
    message?: string;
    peerAuthentications: Array<{
      namespace: string;
      name: string;
      /** `spec.mtls.mode`: STRICT, PERMISSIVE, DISABLE, UNSET; null when absent. */
      mode: string | null;
    }>;
    destinationRules: Array<{
      namespace: string;
      name: string;
      host: string;
      /** `trafficPolicy.outlierDetection` is set (circuit breaking). */
      outlierDetection: boolean;
      /** `trafficPolicy.connectionPool` is set. */
      connectionPool: boolean;
    }>;
    virtualServices: Array<{
      namespace: string;
      name: string;
      hosts: string[];
      /** Highest `retries.attempts` over its HTTP routes; null when none set (mesh default). */
      retries: number | null;
    }>;
  };
  rules: PostureRuleResult[];
}
