import fs from 'fs';
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  PolicyV1Api,
  ServerConfiguration,
  createConfiguration,
  type Middleware,
} from '@kubernetes/client-node';
import type { KubernetesAuth } from './kubernetes-settings';

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

/** The cluster cannot even be addressed: the message says which setting to fix. */
export class KubeSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeSetupError';
  }
}

function loadKubeConfig(auth: KubernetesAuth): KubeConfig {
  const kc = new KubeConfig();
  switch (auth.type) {
    case 'server':
      if (auth.server.startsWith('http:') && !auth.skipTLSVerify) {
        throw new KubeSetupError(
          `quantumlayer.kubernetes.server ${auth.server} is plain HTTP; set skipTLSVerify: true to allow it (only for a local proxy such as kubectl proxy) or use https`,
        );
      }
      kc.loadFromClusterAndUser(
        {
          name: 'quantumlayer',
          server: auth.server,
          caData: auth.caData,
          skipTLSVerify: auth.skipTLSVerify,
        },
        { name: 'quantumlayer', token: auth.token },
      );
      return kc;
    case 'kubeconfig':
      if (!fs.existsSync(auth.path)) {
        throw new KubeSetupError(
          `kubeconfig ${auth.path} does not exist; set quantumlayer.kubernetes.kubeconfig to its path`,
        );
      }
      kc.loadFromFile(auth.path);
      if (auth.context) {
        if (!kc.getContextObject(auth.context)) {
          throw new KubeSetupError(
            `kubeconfig ${auth.path} has no context "${
              auth.context
            }"; it has ${kc
              .getContexts()
              .map(c => c.name)
              .join(', ')}`,
          );
        }
        kc.setCurrentContext(auth.context);
      }
      return kc;
    default:
      if (!process.env.KUBERNETES_SERVICE_HOST) {
        throw new KubeSetupError(
          'in-cluster auth needs KUBERNETES_SERVICE_HOST, which is set only inside a pod; outside a cluster set quantumlayer.kubernetes.auth: kubeconfig or quantumlayer.kubernetes.server',
        );
      }
      kc.loadFromCluster();
      return kc;
  }
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
