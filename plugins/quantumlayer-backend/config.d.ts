export interface Config {
  /** QuantumLayer code generation. */
  quantumlayer?: {
    /**
     * What this deployment runs (one image, roles by config): `gateway` (the
     * portal's REST for the frontend and scaffolder), `workflow-api` (the
     * workflow REST API, a Temporal client), `router` (the LLM router
     * plugin, quantumlayer-router-backend, which the backend adds),
     * `worker` (workflows and agent activities), `sandbox-worker` (generated
     * tests). Unset: everything in one process, with the workers that
     * `temporal.role` names. Without `router`, LLM calls go to the router
     * role found through discovery as `quantumlayer-router`.
     */
    roles?:
      | Array<
          'gateway' | 'workflow-api' | 'router' | 'worker' | 'sandbox-worker'
        >
      | 'gateway'
      | 'workflow-api'
      | 'router'
      | 'worker'
      | 'sandbox-worker';
    temporal?: {
      /** Temporal frontend address, host:port. Default localhost:7233. */
      address?: string;
      /** Default `default`. */
      namespace?: string;
      /** Task queue the worker polls. Default `quantumlayer-codegen`. */
      taskQueue?: string;
      /** Connect with TLS (Temporal Cloud and most production clusters). */
      tls?: boolean;
      /**
       * API key for Temporal Cloud.
       * @visibility secret
       */
      apiKey?: string;
      /** Base URL of the Temporal UI, for links. Default http://localhost:8233. */
      uiUrl?: string;
      /**
       * `all` (default): client, codegen worker and sandbox worker. Split
       * deployments: `client` (API only), `worker` (both workers),
       * `codegen-worker` (workflows and agents) and `sandbox-worker` (runs
       * generated tests only; deploy where bubblewrap may create namespaces).
       */
      role?: 'all' | 'worker' | 'codegen-worker' | 'sandbox-worker' | 'client';
      /** Queue of the sandbox worker's test runs. Default `<taskQueue>-sandbox`. */
      sandboxTaskQueue?: string;
      /** Pre-built workflow bundle; defaults to dist/workflow-bundle.js when present. */
      workflowBundlePath?: string;
    };
    health?: {
      /** How long `/health/details` and `/ready` reuse one round of checks. Default 5. */
      cacheSeconds?: number;
    };
    workflow?: {
      /** Repair iterations (the repair child workflow) after a failed parse or test run. Default 2. */
      maxRepairAttempts?: number;
      /**
       * LLM spending limit of one run, over all its agents and repairs. When
       * spent, the run stops with WorkflowBudgetExhausted before the next
       * agent call. Unset: unlimited.
       */
      budget?: {
        maxTokens?: number;
        maxCostUsd?: number;
      };
      /** Wall-clock limit of one test run. Default 60. */
      testTimeoutSeconds?: number;
      /** Captured test output cap. Default 262144. */
      maxTestOutputBytes?: number;
    };
    /** The sandbox generated tests run in (bubblewrap; see the README). */
    sandbox?: {
      /**
       * Refuse to run generated tests without bubblewrap's isolation: where
       * it is unavailable, runs skip the test stage and say why, and the
       * `sandbox` health check is down. Default true when
       * NODE_ENV=production, else false. Only an explicit false runs tests
       * unisolated (rlimits only, as the backend's user or, when that is
       * root, nobody; host file system and network reachable).
       */
      requireIsolation?: boolean;
      /** The bubblewrap binary: a path, or a name looked up on PATH. Default `bwrap`. */
      bwrapPath?: string;
    };
    /**
     * Syntax checks of `POST /v1/parse` and the parse stages: python3
     * `compile()`, the TypeScript parser and `gofmt -e` each run in a bounded
     * pool off the event loop (python3 processes, worker threads, gofmt runs).
     */
    parser?: {
      /** Workers per language, each serving one check at a time. Default 2. */
      poolSize?: number;
      /**
       * Checks that may wait for a worker, per language; one more fails at
       * once (503 on the route). Default 32.
       */
      maxQueue?: number;
      /**
       * Limit of one check, and of its wait for a worker. Past it only that
       * check fails (503 on the route) and its worker is killed and
       * replaced. Default 20000.
       */
      timeoutMs?: number;
    };
    artifacts?: {
      /** Default 1 MiB. */
      maxFileBytes?: number;
      /** Default 10 MiB. */
      maxArtifactBytes?: number;
      /** Default 200. */
      maxFiles?: number;
    };
    /**
     * Platform posture (`GET /v1/platform/posture`): the platform's
     * Deployments, pods, HPAs, PDBs, NetworkPolicies and Services,
     * CloudNativePG Clusters, Poolers and ScheduledBackups, Istio
     * PeerAuthentications, DestinationRules, VirtualServices, Gateways,
     * Sidecars and ServiceEntries, cert-manager Certificates of the ingress
     * gateway, judged by the posture rules. Read-only: needs `list` on those
     * resources in `namespaces` (and `meshRootNamespace`, `ingressNamespace`).
     */
    kubernetes?: {
      /** Read the cluster. Default false: the report says `not-configured`. */
      enabled?: boolean;
      /**
       * `in-cluster` (default): the pod's service account. `kubeconfig`: the
       * file at `kubeconfig`. Ignored when `server` is set.
       */
      auth?: 'in-cluster' | 'kubeconfig';
      /** Kubeconfig path for `auth: kubeconfig`. Default ~/.kube/config. */
      kubeconfig?: string;
      /** Kubeconfig context. Default the file's current-context. */
      context?: string;
      /** An explicit API server, e.g. https://10.0.0.1:6443; takes precedence over `auth`. */
      server?: string;
      /**
       * Bearer token for `server`.
       * @visibility secret
       */
      token?: string;
      /** Base64 PEM CA bundle for `server`. */
      caData?: string;
      /** Skip TLS verification for `server`; required for a plain-HTTP server (kubectl proxy). */
      skipTLSVerify?: boolean;
      /** The platform's namespaces. Default [quantumlayer]. */
      namespaces?: string[];
      /**
       * Deployments that run without an Istio sidecar, by `name` or
       * `namespace/name`. Default [quantumlayer-gateway, quantumlayer-workflow-api].
       */
      edgeServices?: string[];
      /** Label selector of the platform's Deployments. Default `app.kubernetes.io/part-of=quantumlayer`. */
      labelSelector?: string;
      /** Namespace of mesh-wide Istio policies. Default istio-system. */
      meshRootNamespace?: string;
      /**
       * Namespace of the Istio ingress gateway: its Gateways and the
       * cert-manager Certificates behind their TLS. Default istio-system.
       */
      ingressNamespace?: string;
      /**
       * A platform database whose last successful backup is older than this
       * fails the `cnpg-last-backup` rule. Default 26 (daily backups).
       */
      maxBackupAgeHours?: number;
      /** How long one report is served before the cluster is read again. Default 10. */
      cacheSeconds?: number;
      /** Deadline of each request to the API server. Default 10. */
      timeoutSeconds?: number;
      /**
       * Items per list request (`limit`); longer lists are read page by page
       * with the server's `continue` token. Default 500.
       */
      pageSize?: number;
    };
  };
}
