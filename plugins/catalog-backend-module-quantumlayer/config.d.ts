import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quantumlayer?: {
    /**
     * The catalog entity provider: the platform as a System with its
     * Components, Resources and APIs. LLM provider Resources come from
     * `quantumlayer.llm.providers` (ids and types only, never keys).
     */
    catalog?: {
      /** Register the provider. Default true. */
      enabled?: boolean;
      /** Owner of every emitted entity. Default `group:default/platform`. */
      owner?: string;
      /** Lifecycle of Components and APIs. Default `production`. */
      lifecycle?: string;
      /** Refresh schedule. Default every 10 minutes, timeout 1 minute. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** The PostgreSQL cluster (QuantumDrop, prompt templates, ledger). */
      postgres?: {
        /** Resource name. Default `quantumlayer-postgres`. */
        name?: string;
        /** CloudNativePG cluster name, shown on the Resource. */
        cluster?: string;
      };
      /** Redis (router breaker, cache and budgets). */
      redis?: {
        /** Resource name. Default `quantumlayer-redis`. */
        name?: string;
      };
      /** Qdrant (retrieval index and semantic cache). */
      qdrant?: {
        /** Resource name. Default `quantumlayer-qdrant`. */
        name?: string;
      };
      /** The Temporal namespace the workflows run in. */
      temporal?: {
        /** Resource name. Default `quantumlayer-temporal`. */
        name?: string;
        /** Default `quantumlayer.temporal.namespace`, else `default`. */
        namespace?: string;
      };
      /**
       * Adds what runs in Kubernetes: Deployments labelled
       * `app.kubernetes.io/part-of=quantumlayer` annotate their Component
       * (`backstage.io/kubernetes-id`, namespace, label selector); unknown
       * names become extra Components. When the cluster cannot be read,
       * the config topology is emitted and a warning logged.
       */
      kubernetes?: {
        /** Default false. */
        enabled?: boolean;
        /**
         * Namespaces searched. Default `quantumlayer.kubernetes.namespaces`,
         * else `quantumlayer` and `temporal`. The cluster itself is
         * `quantumlayer.kubernetes` (server, token, caData, skipTLSVerify;
         * or auth: in-cluster | kubeconfig), shared with the platform
         * posture; without it, the default kubeconfig applies (in-cluster
         * service account, `KUBECONFIG` or `~/.kube/config`).
         */
        namespaces?: string[];
      };
    };
  };
}
