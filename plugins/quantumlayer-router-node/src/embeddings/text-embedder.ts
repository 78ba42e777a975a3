import { hashEmbedding, LOCAL_EMBEDDING_ALIAS } from './hash-embedding';
import type { LlmRouterClient } from '../llm-router-client';
import type { CallContext, EmbeddingRequest } from '../router-types';
import type { EmbeddingSettings } from './embedding-settings';

/** Turns texts into vectors for a vector store. @public */
export interface TextEmbedder {
  /** The model alias, for logs and messages. */
  readonly model: string;
  embed(texts: string[], abortSignal?: AbortSignal): Promise<number[][]>;
}

/**
 * Embeds through the LLM router (`router.embed`), so embeddings get the
 * router's routing, fallback, budgets and ledger. The router is looked up
 * on each call: the router's own semantic cache embeds through it.
 *
 * @public
 */
export class RouterEmbedder implements TextEmbedder {
  constructor(
    private readonly router: () => Pick<LlmRouterClient, 'embed'>,
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

/** The local hash embedding without the router: retrieval beside a remote router, tests. @public */
export class HashEmbedder implements TextEmbedder {
  readonly model = LOCAL_EMBEDDING_ALIAS;

  async embed(texts: string[]) {
    return texts.map(text => hashEmbedding(text));
  }
}

/**
 * The embedder of retrieval (stages 3 and 12, the index): through the
 * router, except where the router runs in another deployment and
 * `settings` name the offline hash embedder (the default,
 * `local-embedder/hash-256`) at its own size. Those vectors are computed
 * here, the same numbers the router's local embedder gives, without an
 * RPC hop to the router role for each lookup.
 *
 * @public
 */
export function retrievalEmbedder(
  router: () => Pick<LlmRouterClient, 'embed'>,
  settings: EmbeddingSettings,
  options: { routerIsRemote: boolean; ctx?: CallContext },
): TextEmbedder {
  if (
    options.routerIsRemote &&
    settings.model === LOCAL_EMBEDDING_ALIAS &&
    settings.dimensions === undefined
  ) {
    return new HashEmbedder();
  }
  return new RouterEmbedder(router, settings.model, {
    ctx: options.ctx,
    dimensions: settings.dimensions,
  });
}
