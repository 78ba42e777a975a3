import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  EmbeddedVectorStore,
  IN_MEMORY,
  COLLECTIONS,
  VectorStore,
} from '@internal/backstage-plugin-quantumlayer-node';
import {
  HashEmbedder,
  type TextEmbedder,
} from '@internal/backstage-plugin-quantumlayer-router-node';

/** A similar earlier artifact found by retrieval. */
export interface ContextMatch {
  artifactId: string;
  projectName: string;
  summary: string;
  score: number;
}

/** What stage 12 indexes of a stored artifact. */
export interface IndexEntry {
  artifactId: string;
  language: string;
  type: string;
  projectName: string;
  /** What retrieval compares: the request type and prompt. */
  text: string;
}

const SUMMARY_CHARS = 500;

/**
 * The retrieval index of earlier artifacts (stage 3 searches, stage 12
 * adds): vectors from the configured embedder in the vector store's
 * `artifacts` collection, filtered by language. Every entry is also written
 * to `ql_index` in Backstage's database, the durable record an empty
 * collection is rebuilt from (`backfill`), so a new store, a wiped directory
 * or a switch to Qdrant loses nothing.
 *
 * Without a store and embedder (tests, direct use) it keeps an in-memory
 * store and embeds with the local hash embedding.
 */
export class VectorIndex {
  private readonly store: VectorStore;
  private readonly embedder: TextEmbedder;
  private readonly logger?: LoggerService;
  private ready?: Promise<void>;

  constructor(
    private readonly db: Knex,
    options: {
      store?: VectorStore;
      embedder?: TextEmbedder;
      logger?: LoggerService;
    } = {},
  ) {
    this.store = options.store ?? EmbeddedVectorStore.open(IN_MEMORY);
    this.embedder = options.embedder ?? new HashEmbedder();
    this.logger = options.logger;
  }

  /** Indexes a stored artifact; adding the same artifact again changes nothing. */
  async add(entry: IndexEntry): Promise<void> {
    const [vector] = await this.embedder.embed([entry.text]);
    await this.ensure(vector.length);
    const summary = entry.text.slice(0, SUMMARY_CHARS);
    await this.db('ql_index')
      .insert({
        artifact_id: entry.artifactId,
        language: entry.language,
        type: entry.type,
        project_name: entry.projectName,
        summary,
        vector: JSON.stringify(vector.map(v => Number(v.toFixed(5)))),
      })
      .onConflict('artifact_id')
      .ignore();
    await this.store.upsert(COLLECTIONS.artifacts, [
      {
        id: entry.artifactId,
        vector,
        payload: {
          language: entry.language,
          type: entry.type,
          projectName: entry.projectName,
          summary,
        },
      },
    ]);
  }

  /**
   * The `limit` (default 3) most similar entries of the same language (and
   * `type`, when given) scoring at least `minScore` (default 0.3).
   * `scanLimit` is accepted for old callers and ignored: the store searches
   * every entry.
   */
  async search(options: {
    language: string;
    text: string;
    type?: string;
    limit?: number;
    minScore?: number;
    scanLimit?: number;
  }): Promise<ContextMatch[]> {
    const [vector] = await this.embedder.embed([options.text]);
    await this.ensure(vector.length);
    const matches = await this.store.search(COLLECTIONS.artifacts, vector, {
      limit: options.limit ?? 3,
      minScore: options.minScore ?? 0.3,
      filter: {
        language: options.language,
        ...(options.type ? { type: options.type } : {}),
      },
    });
    return matches.map(match => ({
      artifactId: match.id,
      projectName: String(match.payload.projectName),
      summary: String(match.payload.summary),
      score: match.score,
    }));
  }

  /**
   * Rebuilds an empty `artifacts` collection from `ql_index`, re-embedding
   * each summary with the current embedder, `batchSize` entries per call.
   * Returns how many entries were indexed (0 when the collection had some).
   */
  async backfill(batchSize = 64): Promise<number> {
    if ((await this.store.count(COLLECTIONS.artifacts)) > 0) return 0;
    let done = 0;
    let after = '';
    for (;;) {
      const rows: Array<{
        artifact_id: string;
        language: string;
        type: string;
        project_name: string;
        summary: string;
      }> = await this.db('ql_index')
        .where('artifact_id', '>', after)
        .orderBy('artifact_id')
        .limit(batchSize)
        .select('artifact_id', 'language', 'type', 'project_name', 'summary');
      if (rows.length === 0) break;
      const vectors = await this.embedder.embed(rows.map(r => r.summary));
      await this.ensure(vectors[0].length);
      await this.store.upsert(
        COLLECTIONS.artifacts,
        rows.map((row, i) => ({
          id: row.artifact_id,
          vector: vectors[i],
          payload: {
            language: row.language,
            type: row.type,
            projectName: row.project_name,
            summary: row.summary,
          },
        })),
      );
      done += rows.length;
      after = rows[rows.length - 1].artifact_id;
    }
    if (done > 0) {
      this.logger?.info(
        `Retrieval index: rebuilt ${done} entries of the ${this.store.kind} vector store's artifacts collection from ql_index (${this.embedder.model})`,
      );
    }
    return done;
  }

  private ensure(dimensions: number): Promise<void> {
    if (!this.ready) {
      this.ready = this.store.ensureCollection(
        COLLECTIONS.artifacts,
        dimensions,
        { keywordFields: ['language', 'type'] },
      );
      this.ready.catch(() => {
        this.ready = undefined;
      });
    }
    return this.ready;
  }
}
