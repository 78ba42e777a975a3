/** An LLM provider instance as the catalog shows it: never its keys or URLs. */
export interface LlmProviderSummary {
  /** `id` of the `quantumlayer.llm.providers` entry, else its `type`. */
  id: string;
  type: string;
  /** Chat and embedding models it serves, when configured. */
  models: string[];
}

/** Everything the emitted entities depend on, read from config. */
export interface PlatformTopology {
  /** Full entity ref, e.g. `group:default/platform`. */
  owner: string;
  lifecycle: string;
  postgres: { name: string; cluster?: string };
  redis: { name: string };
  qdrant: { name: string };
  temporal: { name: string; namespace: string };
  llmProviders: LlmProviderSummary[];
  /** Where the plugin's REST API answers, for the OpenAPI `servers`. */
  apiBaseUrl: string;
  /** Where the LLM router plugin's gateway answers (`quantumlayer-router`). */
  routerApiBaseUrl: string;
}

/** A Deployment of the platform found in Kubernetes. */
export interface PlatformDeployment {
  name: string;
  namespace: string;
  labels: Record<string, string>;
}
