import type { Config } from '@backstage/config';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { PART_OF_SELECTOR } from '../topology/refs';
import type { PlatformDeployment } from '../topology/types';

/** `quantumlayer.catalog.kubernetes`, when enabled. */
export interface KubernetesReaderOptions {
  namespaces: string[];
  cluster?: {
    url: string;
    serviceAccountToken?: string;
    caData?: string;
    skipTLSVerify: boolean;
  };
}

/** Reads `quantumlayer.catalog.kubernetes`; undefined unless enabled. */
export function readKubernetesReaderOptions(
  config: Config,
): KubernetesReaderOptions | undefined {
  const c = config.getOptionalConfig('quantumlayer.catalog.kubernetes');
  if (!c?.getOptionalBoolean('enabled')) return undefined;
  const cluster = c.getOptionalConfig('cluster');
  const namespaces = c.getOptionalStringArray('namespaces') ?? [
    'quantumlayer',
    'temporal',
  ];
  if (namespaces.length === 0) {
    throw new Error(
      'quantumlayer.catalog.kubernetes.namespaces is empty; list the namespaces to search, e.g. [quantumlayer, temporal]',
    );
  }
  return {
    namespaces,
    cluster: cluster && {
      url: cluster.getString('url'),
      serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
      caData: cluster.getOptionalString('caData'),
      skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    },
  };
}

function kubeConfigFor(options: KubernetesReaderOptions): KubeConfig {
  const kc = new KubeConfig();
  const cluster = options.cluster;
  if (!cluster) {
    kc.loadFromDefault();
    return kc;
  }
  kc.loadFromOptions({
    clusters: [
      {
        name: 'quantumlayer',
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify,
      },
    ],
    users: [{ name: 'quantumlayer', token: cluster.serviceAccountToken }],
    contexts: [
      { name: 'quantumlayer', cluster: 'quantumlayer', user: 'quantumlayer' },
    ],
    currentContext: 'quantumlayer',
  });
  return kc;
}

/** Lists the platform's Deployments (`app.kubernetes.io/part-of=quantumlayer`). */
export class KubernetesDeploymentReader {
  constructor(private readonly options: KubernetesReaderOptions) {}

  /** Where it reads from, for messages. */
  describe(): string {
    return `${
      this.options.cluster?.url ?? 'the default kubeconfig'
    } (namespaces ${this.options.namespaces.join(', ')})`;
  }

  /** Every namespace's Deployments, in namespace order; throws when any list fails. */
  async read(): Promise<PlatformDeployment[]> {
    const api = kubeConfigFor(this.options).makeApiClient(AppsV1Api);
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
