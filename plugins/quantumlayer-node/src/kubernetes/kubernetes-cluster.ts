import type { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import fs from 'fs';
import os from 'os';
import path from 'path';

/**
 * How QuantumLayer reaches the Kubernetes API, from `quantumlayer.kubernetes`
 * (the one tree the platform posture and the catalog module both read).
 *
 * @public
 */
export type KubernetesAuth =
  /** The pod's service account (token and CA under /var/run/secrets). */
  | { type: 'in-cluster' }
  /** A kubeconfig file and optionally one of its contexts. */
  | { type: 'kubeconfig'; path: string; context?: string }
  /** An explicit API server with a bearer token. */
  | {
      type: 'server';
      server: string;
      token?: string;
      caData?: string;
      skipTLSVerify: boolean;
    };

/**
 * The cluster cannot even be addressed: the message says which setting to fix.
 *
 * @public
 */
export class KubeSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeSetupError';
  }
}

const AUTH_TYPES = ['in-cluster', 'kubeconfig'];

/**
 * Reads the cluster of `quantumlayer.kubernetes`: `server` (with `token`,
 * `caData`, `skipTLSVerify`), else `auth: in-cluster | kubeconfig` (with
 * `kubeconfig`, `context`). Undefined when neither is set: each reader
 * applies its own default.
 *
 * @public
 */
export function readKubernetesAuth(config: Config): KubernetesAuth | undefined {
  const k = config.getOptionalConfig('quantumlayer.kubernetes');
  const server = k?.getOptionalString('server');
  if (k && server) {
    return {
      type: 'server',
      server: server.replace(/\/+$/, ''),
      token: k.getOptionalString('token'),
      caData: k.getOptionalString('caData'),
      skipTLSVerify: k.getOptionalBoolean('skipTLSVerify') ?? false,
    };
  }
  const type = k?.getOptionalString('auth');
  if (!k || type === undefined) return undefined;
  if (!AUTH_TYPES.includes(type)) {
    throw new Error(
      `quantumlayer.kubernetes.auth "${type}" is not supported; use one of ${AUTH_TYPES.join(
        ', ',
      )}, or set quantumlayer.kubernetes.server for an explicit cluster`,
    );
  }
  if (type === 'kubeconfig') {
    return {
      type,
      path:
        k.getOptionalString('kubeconfig') ??
        path.join(os.homedir(), '.kube', 'config'),
      context: k.getOptionalString('context'),
    };
  }
  return { type: 'in-cluster' };
}

/**
 * The client-node configuration for `auth`; without one, client-node's
 * default (in-cluster service account, `KUBECONFIG` or `~/.kube/config`).
 * Throws {@link KubeSetupError} naming the setting to fix.
 *
 * @public
 */
export function loadKubeConfig(auth?: KubernetesAuth): KubeConfig {
  const kc = new KubeConfig();
  switch (auth?.type) {
    case undefined:
      kc.loadFromDefault();
      return kc;
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
