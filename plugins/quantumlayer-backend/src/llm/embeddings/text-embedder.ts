import {
  hashEmbedding,
  LOCAL_EMBEDDING_ALIAS,
} from '../providers/local-embedder';
import type { CallContext, EmbeddingRequest } from '../router-types';
import type { RouterClient } from '../remote/remote-llm-router';

/** Turns texts into vectors for a vector store. */
export interface TextEmbedder {
  /** The model alias, for logs and messages. */
  readonly model: string;
  embed(texts: string[], abortSignal?: AbortSignal): Promise<number[][]>;
}

/**
 * Embeds through the LLM router (`router.embed`), so embeddings get the
 * router's routing, fallback, budgets and ledger. The router is looked up
 * on each call: the router's own semantic cache embeds through it.
 */
export class RouterEmbedder implements TextEmbedder {
  constructor(
    private readonly router: () => Pick<RouterClient, 'embed'>,
    readonly model: string,
    private readonly options: { ctx?: CallContext; dimensions?: number } = {},
  ) {}

  async embed(texts: string[], abortSignal?: AbortSignal) {
    const request: EmbeddingRequest = {
      model: this.model,
      input: texts,
      dimensions: this.options.dimensions,
      abortSignal,
    };
    const result = await this.router().embed(request, this.options.ctx);
    return result.embeddings;
  }
}

/** The local hash embedding without the router: for tests and router-less callers. */
export class HashEmbedder implements TextEmbedder {
  readonly model = LOCAL_EMBEDDING_ALIAS;

  async embed(texts: string[]) {
    return texts.map(text => hashEmbedding(text));
  }
}
