import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  NetworkingV1Api,
  PolicyV1Api,
  ServerConfiguration,
  createConfiguration,
  type Middleware,
} from '@kubernetes/client-node';
import {
  type KubernetesAuth,
  KubeSetupError,
  loadKubeConfig,
} from '@internal/backstage-plugin-quantumlayer-node';

/** The API groups the posture reader lists, all on one cluster. */
export interface KubeClient {
  /** API server URL, for the report (never credentials). */
  server: string;
  core: CoreV1Api;
  apps: AppsV1Api;
  autoscaling: AutoscalingV2Api;
  policy: PolicyV1Api;
  networking: NetworkingV1Api;
  custom: CustomObjectsApi;
}

/** Each request gets a deadline, so a hung API server cannot hold the page. */
function deadline(timeoutMs: number): Middleware {
  return {
    async pre(context) {
      context.setSignal(AbortSignal.timeout(timeoutMs));
      return context;
    },
    async post(context) {
      return context;
    },
  };
}

/**
 * Builds the API clients for in-cluster, kubeconfig or explicit-server auth.
 * Like `KubeConfig.makeApiClient`, plus a per-request deadline.
 */
export function createKubeClient(
  auth: KubernetesAuth,
  options: { timeoutMs: number },
): KubeClient {
  const kc = loadKubeConfig(auth);
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new KubeSetupError(
      `the current kubeconfig context "${kc.getCurrentContext()}" names no cluster`,
    );
  }
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [deadline(options.timeoutMs)],
  });
  return {
    server: cluster.server,
    core: new CoreV1Api(configuration),
    apps: new AppsV1Api(configuration),
    autoscaling: new AutoscalingV2Api(configuration),
    policy: new PolicyV1Api(configuration),
    networking: new NetworkingV1Api(configuration),
    custom: new CustomObjectsApi(configuration),
  };
}
