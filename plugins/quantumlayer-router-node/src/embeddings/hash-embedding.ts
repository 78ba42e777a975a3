import { createHash } from 'crypto';

/** Dimensions of the default local embedding model, `hash-256`. @public */
export const HASH_EMBEDDING_DIMENSIONS = 256;

/**
 * A deterministic bag-of-words embedding: each lower-cased word and each
 * pair of neighbouring words is hashed (md5) to a slot and a sign, and the
 * sums are scaled to unit length. Texts sharing words point the same way;
 * no model, no network, the same vector on every machine (the same vectors
 * the retrieval index used before the vector store). A text without
 * words gives the zero vector, which matches nothing.
 *
 * @public
 */
export function hashEmbedding(
  text: string,
  dimensions: number = HASH_EMBEDDING_DIMENSIONS,
): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const add = (token: string) => {
    const digest = createHash('md5').update(token).digest();
    const slot = digest.readUInt16BE(0) % dimensions;
    vector[slot] += digest[2] & 1 ? 1 : -1;
  };
  words.forEach((word, i) => {
    add(word);
    if (i > 0) add(`${words[i - 1]} ${word}`);
  });
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
  return norm === 0 ? vector : vector.map(v => v / norm);
}

/** The local embedder's provider id; its default model's alias is `local-embedder/hash-256`. @public */
export const LOCAL_EMBEDDER_ID = 'local-embedder';

/** The alias `quantumlayer.embeddings.model` defaults to: {@link hashEmbedding} in 256 dimensions. @public */
export const LOCAL_EMBEDDING_ALIAS = `${LOCAL_EMBEDDER_ID}/hash-${HASH_EMBEDDING_DIMENSIONS}`;
