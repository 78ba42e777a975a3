import type { Config } from '@backstage/config';
import { AppsV1Api } from '@kubernetes/client-node';
import {
  type KubernetesAuth,
  loadKubeConfig,
  readKubernetesAuth,
} from '@internal/backstage-plugin-quantumlayer-node';
import { PART_OF_SELECTOR } from '../topology/refs';
import type { PlatformDeployment } from '../topology/types';

/** What the catalog reads from Kubernetes, when enabled. */
export interface KubernetesReaderOptions {
  namespaces: string[];
  /** The cluster of `quantumlayer.kubernetes`; unset, client-node's default. */
  auth?: KubernetesAuth;
}

/**
 * Reads `quantumlayer.catalog.kubernetes` (whether, and which namespaces)
 * and the cluster from `quantumlayer.kubernetes`, which the platform posture
 * reads too; undefined unless enabled.
 */
export function readKubernetesReaderOptions(
  config: Config,
): KubernetesReaderOptions | undefined {
  const c = config.getOptionalConfig('quantumlayer.catalog.kubernetes');
  if (!c?.getOptionalBoolean('enabled')) return undefined;
  if (c.has('cluster')) {
    throw new Error(
      'quantumlayer.catalog.kubernetes.cluster is no longer read: set the cluster once under quantumlayer.kubernetes (server, token, caData, skipTLSVerify; or auth: in-cluster | kubeconfig), which the platform posture reads too',
    );
  }
  const namespaces = c.getOptionalStringArray('namespaces') ??
    config.getOptionalStringArray('quantumlayer.kubernetes.namespaces') ?? [
      'quantumlayer',
      'temporal',
    ];
  if (namespaces.length === 0) {
    throw new Error(
      'quantumlayer.catalog.kubernetes.namespaces is empty; list the namespaces to search, e.g. [quantumlayer, temporal]',
    );
  }
  return { namespaces, auth: readKubernetesAuth(config) };
}

/** Lists the platform's Deployments (`app.kubernetes.io/part-of=quantumlayer`). */
export class KubernetesDeploymentReader {
  constructor(private readonly options: KubernetesReaderOptions) {}

  /** Where it reads from, for messages. */
  describe(): string {
    const { auth } = this.options;
    let where = auth?.type ?? 'the default kubeconfig';
    if (auth?.type === 'server') where = auth.server;
    if (auth?.type === 'kubeconfig') where = `kubeconfig ${auth.path}`;
    return `${where} (namespaces ${this.options.namespaces.join(', ')})`;
  }

  /** Every namespace's Deployments, in namespace order; throws when any list fails. */
  async read(): Promise<PlatformDeployment[]> {
    const api = loadKubeConfig(this.options.auth).makeApiClient(AppsV1Api);
    const lists = await Promise.all(
      this.options.namespaces.map(namespace =>
        api
          .listNamespacedDeployment({
            namespace,
            labelSelector: PART_OF_SELECTOR,
          })
          .catch(error => {
            throw new Error(
              `cannot list Deployments in namespace ${namespace}: ${String(
                (error as Error)?.message ?? error,
              ).slice(0, 500)}`,
              { cause: error },
            );
          }),
      ),
    );
    return lists
      .flatMap((list, i) =>
        list.items.map(d => ({
          name: d.metadata?.name ?? '',
          namespace: d.metadata?.namespace ?? this.options.namespaces[i],
          labels: d.metadata?.labels ?? {},
        })),
      )
      .filter(d => d.name !== '');
  }
}
