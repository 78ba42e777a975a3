export interface Config {
  /** What the QuantumLayer backend plugins share. */
  quantumlayer?: {
    /**
     * Where vectors live: earlier artifacts (retrieval, stages 3 and 12) and
     * answered prompts (the semantic cache), one collection per purpose.
     */
    vectorStore?:
      | {
          /**
           * Embedded (default): SQLite with the sqlite-vec extension in this
           * process, no server. One store per backend replica.
           */
          type?: 'embedded';
          /**
           * Directory of `vectors.sqlite`. Default `quantumlayer-vectors`
           * under `backend.workingDirectory`, else under the OS temp
           * directory; `:memory:` keeps it in memory. An empty store is
           * rebuilt from the database (`ql_index`) at start.
           */
          directory?: string;
        }
      | {
          /** Qdrant, shared by every replica, through its REST API. */
          type: 'qdrant';
          /** e.g. http://qdrant:6333 */
          url: string;
          /**
           * Sent as the `api-key` header.
           * @visibility secret
           */
          apiKey?: string;
          /** Put before each collection name (`artifacts`, `prompts`). Default `quantumlayer_`. */
          collectionPrefix?: string;
          /** Per request. Default 10000. */
          timeoutMs?: number;
        };
    /** How texts become vectors, through the LLM router (`router.embed`, `POST /v1/embeddings`). */
    embeddings?: {
      /**
       * A model alias with an embedding target. Default
       * `local-embedder/hash-256`: the offline, deterministic hashed
       * bag-of-words embedder (256 dimensions). Changing it changes the
       * vectors' meaning (and maybe size): use a new store directory or
       * collectionPrefix; it is rebuilt from the database.
       */
      model?: string;
      /** Shorter vectors, for models that can give them (OpenAI text-embedding-3). */
      dimensions?: number;
    };
  };
}
