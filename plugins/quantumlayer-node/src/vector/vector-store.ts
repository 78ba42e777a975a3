/** The collection names, one per purpose. @public */
export const COLLECTIONS = {
  /** Earlier artifacts: stage 3 retrieves, stage 12 indexes. */
  artifacts: 'artifacts',
  /** Answered prompts, for the router's semantic cache. */
  prompts: 'prompts',
} as const;

/** A payload value: flat scalars only, so every key can be filtered on. @public */
export type PayloadValue = string | number | boolean | null;

/** What is stored next to a vector; filters match its keys by equality. @public */
export type Payload = Record<string, PayloadValue>;

/** One vector with its id and payload. @public */
export interface VectorPoint {
  /** Any string; the same id replaces the earlier point. */
  id: string;
  vector: number[];
  payload: Payload;
}

/** A point found by similarity. @public */
export interface VectorMatch {
  id: string;
  /** Cosine similarity, 1 for the same direction. */
  score: number;
  payload: Payload;
}

/** @public */
export interface VectorSearchOptions {
  /** Most matches returned. Default 5. */
  limit?: number;
  /** Payload keys that must equal these values. */
  filter?: Payload;
  /** Matches scoring below this are left out. */
  minScore?: number;
}

/**
 * A vector store with named collections of cosine-compared vectors: one per
 * purpose (`artifacts` for stages 3 and 12, `prompts` for the router's
 * semantic cache). Implemented by EmbeddedVectorStore (no server) and
 * QdrantVectorStore.
 *
 * @public
 */
export interface VectorStore {
  /** `embedded` or `qdrant`, for logs and status. */
  readonly kind: string;
  /**
   * Creates `name` for vectors of `dimensions` unless it exists. Fails when
   * it exists with vectors of another size. `keywordFields` are payload keys
   * searches filter on (indexed where the store supports it).
   */
  ensureCollection(
    name: string,
    dimensions: number,
    options?: { keywordFields?: string[] },
  ): Promise<void>;
  /** Inserts or replaces points by id; visible to searches when it resolves. */
  upsert(collection: string, points: VectorPoint[]): Promise<void>;
  /** The most similar points first. */
  search(
    collection: string,
    vector: number[],
    options?: VectorSearchOptions,
  ): Promise<VectorMatch[]>;
  /** Removes points by id; unknown ids are ignored. */
  delete(collection: string, ids: string[]): Promise<void>;
  /** Number of points in `collection` (0 when it does not exist). */
  count(collection: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A vector store failed or refused a call; the message says which store,
 * what happened and what to do.
 *
 * @public
 */
export class VectorStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VectorStoreError';
  }
}

const NAME = /^[A-Za-z0-9_-]{1,200}$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Collection names: letters, digits, `_` and `-`. @public */
export function checkCollectionName(name: string): string {
  if (!NAME.test(name)) {
    throw new VectorStoreError(
      `collection name "${name}" is not allowed; use letters, digits, _ and - (at most 200)`,
    );
  }
  return name;
}

/** Payload keys used in filters: identifiers only. @public */
export function checkPayloadKey(key: string): string {
  if (!KEY.test(key)) {
    throw new VectorStoreError(
      `payload key "${key}" cannot be filtered on; use letters, digits and _ (not first)`,
    );
  }
  return key;
}

/** Throws unless every vector has `dimensions` finite numbers. @public */
export function checkVectors(
  collection: string,
  dimensions: number,
  vectors: number[][],
) {
  for (const vector of vectors) {
    if (vector.length !== dimensions) {
      throw new VectorStoreError(
        `collection "${collection}" holds ${dimensions}-dimensional vectors, but one has ${vector.length}; embed with the model the collection was made with, or use another collection`,
      );
    }
    if (!vector.every(Number.isFinite)) {
      throw new VectorStoreError(
        `a vector for collection "${collection}" holds a value that is not a finite number`,
      );
    }
  }
}
