export interface Config {
  /** The QuantumLayer LLM router plugin (`quantumlayer-router`). */
  quantumlayer?: {
    llm?: {
      /**
       * Provider instances (the id `template` is reserved). Endpoints come
       * only from here, never from requests. With none (and none added by a
       * module): a model server found by `localDiscovery` answers; else, in
       * development, the offline template provider, which does not implement
       * prompts (runs say `offlineTemplate: true`); in production
       * (`NODE_ENV=production`) the plugin refuses to start where the router
       * runs (role `router`, or no roles set) unless `templateFallback: true`.
       */
      providers?: Array<
        | {
            type: 'openai';
            /** Provider id in routes, results and logs. Default `openai`. */
            id?: string;
            /** @visibility secret */
            apiKey: string;
            /** Default https://api.openai.com/v1 */
            baseUrl?: string;
            organization?: string;
            /** Models served, for `GET /v1/models` and implicit `<id>/<model>` routes. */
            models?: string[];
            /** Embedding models served (`/v1/embeddings`), e.g. text-embedding-3-small; each also gets an implicit `<id>/<model>` alias. */
            embeddingModels?: string[];
            /** Per-attempt timeout. Default 120000. */
            timeoutMs?: number;
          }
        | {
            type: 'anthropic';
            /** Default `anthropic`. */
            id?: string;
            /** @visibility secret */
            apiKey: string;
            /** Default https://api.anthropic.com */
            baseUrl?: string;
            models?: string[];
            /** Sent when a request has no max tokens; Anthropic requires one. Default 4096. */
            defaultMaxTokens?: number;
            timeoutMs?: number;
          }
        | {
            type: 'azure-openai';
            /** Default `azure-openai`. */
            id?: string;
            /** @visibility secret */
            apiKey: string;
            /** Resource endpoint, e.g. https://my-resource.openai.azure.com */
            endpoint: string;
            /** e.g. 2024-10-21 */
            apiVersion: string;
            /** Which deployment serves each model. */
            deployments: Array<{ model: string; deployment: string }>;
            /** Models of `deployments` that are embedding models (served by `/v1/embeddings`, not chat). */
            embeddingModels?: string[];
            timeoutMs?: number;
          }
        | {
            type: 'bedrock';
            /** Default `bedrock`. */
            id?: string;
            region: string;
            /** Static credentials; without them the AWS default chain applies. */
            accessKeyId?: string;
            /** @visibility secret */
            secretAccessKey?: string;
            /** @visibility secret */
            sessionToken?: string;
            /** Override, e.g. a VPC endpoint. Default the regional endpoint. */
            endpoint?: string;
            models?: string[];
            timeoutMs?: number;
          }
        | {
            type: 'groq';
            /** Default `groq`. */
            id?: string;
            /** @visibility secret */
            apiKey: string;
            /** Default https://api.groq.com/openai/v1 */
            baseUrl?: string;
            models?: string[];
            timeoutMs?: number;
          }
        | {
            type: 'openai-compatible';
            /** Default `openai-compatible`. */
            id?: string;
            /** e.g. http://vllm:8000/v1 or http://ollama:11434/v1 */
            baseUrl: string;
            /** @visibility secret */
            apiKey?: string;
            /** Served models; the first is the default. */
            models?: string[];
            /** Embedding models served at `<baseUrl>/embeddings`, e.g. nomic-embed-text. */
            embeddingModels?: string[];
            /** @deprecated use models */
            model?: string;
            /** Ask for a final usage chunk in streams (`stream_options.include_usage`); false for servers that reject it. Default true. */
            streamUsage?: boolean;
            /**
             * Use the official openai SDK instead of the lean built-in client
             * (same wire and errors, less per-call overhead). Default false.
             */
            useOfficialSdk?: boolean;
            timeoutMs?: number;
          }
      >;
      /**
       * Serve the offline template provider on purpose: as the last resort
       * after configured providers, or alone when none is configured (also
       * in production). Its answers are canned projects for the request's
       * language and type, not an implementation of the prompt; runs it
       * answered say `offlineTemplate: true`. Unset: the template answers
       * only in development when no provider is configured and none is
       * discovered. `false`: never; with no provider the plugin refuses to
       * start, as in production.
       */
      templateFallback?: boolean;
      /**
       * When no provider is configured, ask 127.0.0.1 once at start for an
       * OpenAI-compatible model server (`GET /v1/models`, all ports at once)
       * and route every alias to the first port in list order that lists a
       * model, as the `openai-compatible` provider `local`.
       */
      localDiscovery?: {
        /**
         * Default: true in development; false in production
         * (`NODE_ENV=production`, which never picks a model by itself) and
         * under `NODE_ENV=test` (a test machine may run anything on 8080).
         */
        enabled?: boolean;
        /**
         * Loopback ports to try. Default 11434 (Ollama), 1234 (LM Studio),
         * 8080 (llama.cpp server), 8000 (vLLM).
         */
        ports?: number[];
        /** How long each port may take to answer. Default 300. */
        timeoutMs?: number;
      };
    };
    gateway?: {
      /**
       * A dedicated listener for the LLM gateway (same endpoints, auth and
       * permission as under /api/quantumlayer, without the portal's browser
       * middleware), for services calling models at high rates.
       */
      listen?: {
        port: number;
        /** Default: all interfaces. */
        host?: string;
        /** Default 1048576. */
        maxBodyBytes?: number;
      };
    };
    router?: {
      /** Calls to the router role, where this deployment has none. */
      remote?: {
        /** Limit of one call. Default 120. */
        timeoutSeconds?: number;
      };
      /**
       * Key (at least 32 characters) of the claims by which the roles tell
       * the router role whom a call is for, when Backstage's token exchange
       * cannot: the gateway/workflow-api role signs each run's starter and
       * group into the run, and each relayed service principal; the router
       * bills a claim's caller only when `plugin:quantumlayer` sends it and
       * the HMAC verifies. Set the same value on the workflow and router
       * roles (workers only carry claims). Unset, the router bills workflow
       * calls to `plugin:quantumlayer`. Not needed when the router runs in
       * the same process.
       * @visibility secret
       */
      claimSecret?: string;
      /** Alias the workflow's agents use. Default `default`. */
      defaultModel?: string;
      /**
       * Model aliases callers name as `model`. `<provider>/<model>` also
       * works for every model a provider lists. (A list, not a map: model
       * names hold dots and slashes, which config keys may not.)
       */
      models?: Array<{
        alias: string;
        /** Default `priority`. */
        strategy?: 'priority' | 'weighted' | 'lowest-latency' | 'lowest-cost';
        targets: Array<{
          provider: string;
          model: string;
          /** For `weighted`. Default 1. */
          weight?: number;
        }>;
      }>;
      /** USD per million tokens; `provider` narrows an entry to one provider. */
      prices?: Array<{
        model: string;
        provider?: string;
        input: number;
        output: number;
      }>;
      retry?: {
        /** Retries per target before falling back. Default 1. */
        maxRetries?: number;
        /** First backoff step. Default 200. */
        baseDelayMs?: number;
        /** Longest single wait, Retry-After included. Default 10000. */
        maxDelayMs?: number;
        /** Whole request, all targets and waits. Default 180000. */
        deadlineMs?: number;
      };
      breaker?: {
        /** Window the failure rate is computed over. Default 30000. */
        windowMs?: number;
        /** Calls needed in the window before it can open. Default 5. */
        minimumCalls?: number;
        /** Failure rate that opens it, 0..1. Default 0.5. */
        failureRate?: number;
        /** Open time before a half-open probe. Default 30000. */
        cooldownMs?: number;
        /**
         * With Redis: how long a replica trusts its mirror of a closed
         * circuit before asking again (successes are sent in batches at this
         * pace). 0 asks Redis on every call. Default 100.
         */
        syncMs?: number;
      };
      cache?: {
        /** Default true when Redis is configured. */
        enabled?: boolean;
        /** Default 3600. */
        ttlSeconds?: number;
      };
      /**
       * Answers a prompt from an earlier answer to a near-identical one: the
       * last user message is embedded and the nearest stored prompt of the
       * same alias and request shape (other messages, sampling, tools,
       * format) in the vector store's `prompts` collection answers when
       * similar enough. Non-streaming calls only; opt out per request like
       * the exact cache.
       */
      semanticCache?: {
        /** Default false. */
        enabled?: boolean;
        /**
         * Cosine similarity a stored prompt needs, 0..1. Default 0.95 (with
         * the local hash embedder: the same words give 1, an added word
         * about 0.95).
         */
        minScore?: number;
        /** How long an answer may be served. Default `cache.ttlSeconds` (3600). */
        ttlSeconds?: number;
        /** Alias that embeds prompts. Default `quantumlayer.embeddings.model`. */
        embeddingModel?: string;
      };
      /** Shared state (breaker, cache, budgets, rate limits); in-memory per replica without it. */
      redis?: {
        /** e.g. redis://redis:6379/0 @visibility secret */
        url: string;
        /** Key prefix. Default `ql:router:`. */
        keyPrefix?: string;
        /** Per-command timeout; slower means "down" and local state is used. Default 250. */
        commandTimeoutMs?: number;
      };
      /**
       * Budgets per catalog group or user. Rules set through
       * `PUT /v1/budgets` override these for the same owner and period.
       */
      budgets?: Array<{
        /** An entity ref: `group:default/team-a` or `user:default/jane`. */
        owner: string;
        period: 'daily' | 'monthly';
        /** At least one of tokens and usd. */
        tokens?: number;
        usd?: number;
      }>;
      /**
       * Rate limits per principal: requests and tokens per minute, like
       * OpenAI's and LiteLLM's. A call counts against the caller's own rule
       * and their catalog group's (a service's: its `x-quantumlayer-group`).
       * Shared across replicas in Redis (`redis`), per replica without it.
       * Over a limit the gateway answers 429 with `Retry-After` and the
       * vendor's rate-limit headers. Rules set through `PUT /v1/budgets`
       * (`{ owner, rpm?, tpm? }`, period `minute`) override these for the
       * same owner.
       */
      rateLimits?: Array<{
        /**
         * An entity ref (`group:default/team-a`, `user:default/jane`) or a
         * service principal's subject (`external:ci-bot`, `plugin:scaffolder`).
         */
        owner: string;
        /** Requests per minute (whole number, 1 or more). At least one of rpm and tpm. */
        rpm?: number;
        /** Tokens per minute, prompt plus completion (whole number, 1 or more). */
        tpm?: number;
      }>;
      /**
       * How often (ms) each replica re-reads the budgets and rate limits set
       * through the API; a change applies at once on the replica that made
       * it. Default 2000.
       */
      budgetReloadMs?: number;
      /**
       * Principals allowed to pick a provider/model per request
       * (`x-quantumlayer-route` header or `route` field). Entity refs or
       * `service`; default only service principals.
       */
      overrideAllowed?: string[];
      /** Usage ledger batching. */
      ledger?: {
        /** Default 1000. */
        flushIntervalMs?: number;
        /** Default 200. */
        maxBatch?: number;
      };
    };
  };
}
