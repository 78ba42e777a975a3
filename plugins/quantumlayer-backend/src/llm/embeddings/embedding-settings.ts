import type { Config } from '@backstage/config';
import { LOCAL_EMBEDDING_ALIAS } from '../providers/local-embedder';
import type { LlmRouter } from '../llm-router';

/** `quantumlayer.embeddings`: which alias embeds for retrieval and the semantic cache. */
export interface EmbeddingSettings {
  /** A router alias with an embedding target. Default `local-embedder/hash-256`. */
  model: string;
  /** Shorter vectors, for models that can give them. */
  dimensions?: number;
}

export function readEmbeddingSettings(config: Config): EmbeddingSettings {
  const c = config.getOptionalConfig('quantumlayer.embeddings');
  return {
    model: c?.getOptionalString('model') ?? LOCAL_EMBEDDING_ALIAS,
    dimensions: c?.getOptionalNumber('dimensions'),
  };
}

/** Fails at start, not at the first request, when `model` cannot embed. */
export function checkEmbeddingAlias(
  router: Pick<LlmRouter, 'embeddingAliases'>,
  model: string,
  setting: string,
) {
  const aliases = router.embeddingAliases();
  if (!aliases.includes(model)) {
    throw new Error(
      `${setting} "${model}" is not an alias with an embedding target; use one of ${aliases.join(
        ', ',
      )}, or list the model under a provider's embeddingModels`,
    );
  }
}
