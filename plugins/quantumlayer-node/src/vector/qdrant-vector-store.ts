import { createHash } from 'crypto';
import { QdrantClient, QdrantClientTimeoutError } from '@qdrant/js-client-rest';
import {
  checkCollectionName,
  checkPayloadKey,
  Payload,
  VectorMatch,
  VectorPoint,
  VectorSearchOptions,
  VectorStore,
  VectorStoreError,
} from './vector-store';

/** Where the adapter finds Qdrant, from `quantumlayer.vectorStore` (`type: qdrant`). @public */
export interface QdrantSettings {
  /** e.g. http://qdrant:6333 */
  url: string;
  apiKey?: string;
  /** Put before every collection name, so deployments can share a server. */
  collectionPrefix: string;
  /** Per request. */
  timeoutMs: number;
}

/** The payload key that carries the caller's id (Qdrant ids are UUIDs or integers). */
const ID_KEY = '__id';

/** A stable UUID for any string id (name-based, from its sha256). @public */
export function qdrantPointId(id: string): string {
  const bytes = createHash('sha256').update(id).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What the generated client throws for a non-2xx answer. */
interface QdrantApiError {
  status: number;
  data?: { status?: { error?: string } | string } | string;
}

function isApiError(error: unknown): error is QdrantApiError {
  return (
    typeof (error as QdrantApiError)?.status === 'number' &&
    'data' in (error as object)
  );
}

function qdrantMessage(error: QdrantApiError): string {
  const data = error.data;
  if (typeof data === 'string') return data.slice(0, 300);
  const status = data?.status;
  if (typeof status === 'string') return status;
  return status?.error ?? 'no error message in the answer';
}

/** The system error code under a failed fetch (ECONNREFUSED, ENOTFOUND, …). */
function networkCode(error: unknown): string | undefined {
  let cause = (error as { cause?: unknown })?.cause;
  for (let depth = 0; cause && depth < 4; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

function filterOf(filter: Payload | undefined) {
  const entries = Object.entries(filter ?? {});
  if (entries.length === 0) return undefined;
  return {
    must: entries.map(([key, value]) =>
      value === null
        ? { is_null: { key: checkPayloadKey(key) } }
        : { key: checkPayloadKey(key), match: { value } },
    ),
  };
}

/**
 * The VectorStore on Qdrant through the official REST client
 * (`@qdrant/js-client-rest`): one collection per purpose, named
 * `<collectionPrefix><purpose>`, cosine distance, keyword payload indexes
 * on the fields searches filter by. Ids become name-based UUIDs; the
 * caller's id rides along in the payload.
 *
 * @public
 */
export class QdrantVectorStore implements VectorStore {
  readonly kind = 'qdrant';
  private readonly client: QdrantClient;
  private readonly ready = new Map<string, Promise<void>>();

  constructor(private readonly settings: QdrantSettings) {
    this.client = new QdrantClient({
      url: settings.url,
      apiKey: settings.apiKey,
      timeout: settings.timeoutMs,
      // No version probe at construction: it would log when Qdrant is down.
      checkCompatibility: false,
    });
  }

  ensureCollection(
    name: string,
    dimensions: number,
    options: { keywordFields?: string[] } = {},
  ): Promise<void> {
    const collection = this.physical(name);
    let ready = this.ready.get(collection);
    if (!ready) {
      ready = this.call('create', collection, async () => {
        const { exists } = await this.client.collectionExists(collection);
        if (exists) return;
        await this.client.createCollection(collection, {
          vectors: { size: dimensions, distance: 'Cosine' },
        });
        for (const field of options.keywordFields ?? []) {
          await this.client.createPayloadIndex(collection, {
            field_name: checkPayloadKey(field),
            field_schema: 'keyword',
            wait: true,
          });
        }
      });
      // A failure is not remembered: the next call tries again.
      ready.catch(() => this.ready.delete(collection));
      this.ready.set(collection, ready);
    }
    return ready;
  }

  async upsert(collection: string, points: VectorPoint[]): Promise<void> {
    if (points.length === 0) return;
    const name = this.physical(collection);
    await this.call('upsert points into', name, () =>
      this.client.upsert(name, {
        wait: true,
        points: points.map(point => ({
          id: qdrantPointId(point.id),
          vector: point.vector,
          payload: { ...point.payload, [ID_KEY]: point.id },
        })),
      }),
    );
  }

  async search(
    collection: string,
    vector: number[],
    options: VectorSearchOptions = {},
  ): Promise<VectorMatch[]> {
    const name = this.physical(collection);
    const filter = filterOf(options.filter);
    const answer = await this.call(
      'search',
      name,
      () =>
        this.client.query(name, {
          query: vector,
          filter,
          limit: options.limit ?? 5,
          score_threshold: options.minScore,
          with_payload: true,
        }),
      { points: [] },
    );
    return answer.points.map(point => {
      const { [ID_KEY]: id, ...payload } = (point.payload ?? {}) as Payload;
      return {
        id: typeof id === 'string' ? id : String(point.id),
        score: point.score,
        payload,
      };
    });
  }

  async delete(collection: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const name = this.physical(collection);
    await this.call(
      'delete points from',
      name,
      async () => {
        await this.client.delete(name, {
          wait: true,
          points: ids.map(qdrantPointId),
        });
      },
      undefined,
    );
  }

  async count(collection: string): Promise<number> {
    const name = this.physical(collection);
    const answer = await this.call(
      'count points of',
      name,
      () => this.client.count(name, { exact: true }),
      { count: 0 },
    );
    return answer.count;
  }

  async close(): Promise<void> {
    // The client keeps no connection that needs closing.
  }

  private physical(name: string) {
    return `${this.settings.collectionPrefix}${checkCollectionName(name)}`;
  }

  /**
   * Runs one client call, turning its failures into VectorStoreErrors that
   * say what to do. With `missing`, a 404 (no such collection) answers that.
   */
  private async call<T>(
    action: string,
    collection: string,
    fn: () => Promise<T>,
    ...missing: [] | [T]
  ): Promise<T> {
    const where = `Qdrant at ${this.settings.url}`;
    try {
      return await fn();
    } catch (error) {
      if (error instanceof VectorStoreError) throw error;
      if (isApiError(error)) {
        if (error.status === 404 && missing.length) return missing[0] as T;
        if (error.status === 401 || error.status === 403) {
          throw new VectorStoreError(
            `${where} refused the API key (${error.status}) to ${action} collection "${collection}"; check quantumlayer.vectorStore.apiKey`,
            { cause: error },
          );
        }
        throw new VectorStoreError(
          `${where} could not ${action} collection "${collection}" (${
            error.status
          }): ${qdrantMessage(error)}`,
          { cause: error },
        );
      }
      // The client's own timeout aborts the fetch; it turns that into
      // QdrantClientTimeoutError only when the AbortError is of its realm.
      if (
        error instanceof QdrantClientTimeoutError ||
        (error as Error)?.name === 'AbortError'
      ) {
        throw new VectorStoreError(
          `${where} did not answer within ${this.settings.timeoutMs} ms to ${action} collection "${collection}"; raise quantumlayer.vectorStore.timeoutMs or check the server`,
          { cause: error },
        );
      }
      const code = networkCode(error);
      if (code || (error as Error)?.message === 'fetch failed') {
        throw new VectorStoreError(
          `${where} could not be reached (${
            code ?? 'fetch failed'
          }) to ${action} collection "${collection}"; start Qdrant there, fix quantumlayer.vectorStore.url, or set quantumlayer.vectorStore.type: embedded`,
          { cause: error },
        );
      }
      throw new VectorStoreError(
        `${where} failed to ${action} collection "${collection}": ${
          (error as Error)?.message ?? error
        }`,
        { cause: error },
      );
    }
  }
}
