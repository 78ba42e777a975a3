import {
  LlmCompletion,
  LlmEmbeddingRequest,
  LlmEmbeddingResult,
  LlmProvider,
  LlmProviderError,
  HASH_EMBEDDING_DIMENSIONS,
  hashEmbedding,
  LOCAL_EMBEDDER_ID,
} from '@internal/backstage-plugin-quantumlayer-router-node';

const MODEL = /^hash-(\d{1,4})$/;

/**
 * The offline embedding default: `hash-<n>` models (n from 16 to 4096,
 * `hash-256` listed) give deterministic hashed bag-of-words vectors (see
 * hashEmbedding). Good enough to find earlier requests that share words;
 * configure an OpenAI-family provider's embedding model for meaning.
 * Serves embeddings only.
 */
export class LocalEmbedderProvider implements LlmProvider {
  readonly id = LOCAL_EMBEDDER_ID;
  readonly embeddingModels = [`hash-${HASH_EMBEDDING_DIMENSIONS}`];

  async complete(): Promise<LlmCompletion> {
    throw new LlmProviderError({
      provider: this.id,
      status: 400,
      message: `${this.id} serves embeddings only; route chat models to another provider`,
      retryable: false,
    });
  }

  async embed(request: LlmEmbeddingRequest): Promise<LlmEmbeddingResult> {
    const model = request.model ?? this.embeddingModels[0];
    const size = Number(MODEL.exec(model)?.[1]);
    const dimensions = request.dimensions ?? size;
    if (
      !size ||
      !Number.isInteger(dimensions) ||
      dimensions < 16 ||
      dimensions > 4096
    ) {
      throw new LlmProviderError({
        provider: this.id,
        status: 400,
        message: `${this.id} has no model "${model}"${
          request.dimensions ? ` with ${request.dimensions} dimensions` : ''
        }; use hash-<n> with n from 16 to 4096, e.g. hash-256`,
        retryable: false,
      });
    }
    return {
      embeddings: request.input.map(text => hashEmbedding(text, dimensions)),
      provider: this.id,
      model,
      usage: {
        promptTokens: request.input.reduce(
          (sum, text) => sum + Math.ceil(text.length / 4),
          0,
        ),
      },
    };
  }
}
