import type { Config } from '@backstage/config';
import { LOCAL_EMBEDDING_ALIAS } from './hash-embedding';

/** `quantumlayer.embeddings`: which alias embeds for retrieval and the semantic cache. @public */
export interface EmbeddingSettings {
  /** A router alias with an embedding target. Default `local-embedder/hash-256`. */
  model: string;
  /** Shorter vectors, for models that can give them. */
  dimensions?: number;
}

/** @public */
export function readEmbeddingSettings(config: Config): EmbeddingSettings {
  const c = config.getOptionalConfig('quantumlayer.embeddings');
  return {
    model: c?.getOptionalString('model') ?? LOCAL_EMBEDDING_ALIAS,
    dimensions: c?.getOptionalNumber('dimensions'),
  };
}
