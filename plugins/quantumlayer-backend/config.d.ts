export interface Config {
  /** QuantumLayer code generation. */
  quantumlayer?: {
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
      /** `all` (default): client and worker; `worker` or `client` for split deployments. */
      role?: 'all' | 'worker' | 'client';
      /** Pre-built workflow bundle; defaults to dist/workflow-bundle.js when present. */
      workflowBundlePath?: string;
    };
    workflow?: {
      /** Repair iterations after a failed parse or test run. Default 2. */
      maxRepairAttempts?: number;
      /** Wall-clock limit of one test run. Default 60. */
      testTimeoutSeconds?: number;
      /** Captured test output cap. Default 262144. */
      maxTestOutputBytes?: number;
    };
    artifacts?: {
      /** Default 1 MiB. */
      maxFileBytes?: number;
      /** Default 10 MiB. */
      maxArtifactBytes?: number;
      /** Default 200. */
      maxFiles?: number;
    };
    llm?: {
      /** Providers tried in order; none means the offline template provider. */
      providers?: Array<{
        type: 'openai-compatible';
        /** Provider id in results and logs. Default `openai-compatible`. */
        id?: string;
        /** e.g. https://api.openai.com/v1 */
        baseUrl: string;
        /**
         * @visibility secret
         */
        apiKey: string;
        model: string;
        timeoutMs?: number;
      }>;
      /** Append the template provider as a last resort. Default: only when no provider is configured. */
      templateFallback?: boolean;
    };
  };
}
