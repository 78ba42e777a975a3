import type { Knex } from 'knex';
import { createHash } from 'crypto';

const DIMENSIONS = 256;

/** A similar earlier artifact found by retrieval. */
export interface ContextMatch {
  artifactId: string;
  projectName: string;
  summary: string;
  score: number;
}

/** Hashes words (and word pairs) of a text into a unit-length vector. */
export function embed(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const add = (token: string) => {
    const digest = createHash('md5').update(token).digest();
    const slot = digest.readUInt16BE(0) % DIMENSIONS;
    vector[slot] += digest[2] & 1 ? 1 : -1;
  };
  words.forEach((w, i) => {
    add(w);
    if (i > 0) add(`${words[i - 1]} ${w}`);
  });
  const norm = Math.sqrt(vector.reduce((s, v) => s + v * v, 0));
  return norm === 0 ? vector : vector.map(v => v / norm);
}

const cosine = (a: number[], b: number[]) =>
  a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

/**
 * The retrieval index of earlier artifacts, kept in Backstage's database.
 * A dedicated vector store (Qdrant) can replace it behind the same methods.
 */
export class VectorIndex {
  constructor(private readonly db: Knex) {}

  async add(entry: {
    artifactId: string;
    language: string;
    type: string;
    projectName: string;
    text: string;
  }): Promise<void> {
    await this.db('ql_index')
      .insert({
        artifact_id: entry.artifactId,
        language: entry.language,
        type: entry.type,
        project_name: entry.projectName,
        summary: entry.text.slice(0, 500),
        vector: JSON.stringify(
          embed(entry.text).map(v => Number(v.toFixed(5))),
        ),
      })
      .onConflict('artifact_id')
      .ignore();
  }

  /** The `limit` most similar entries of the same language above `minScore`. */
  async search(options: {
    language: string;
    text: string;
    limit?: number;
    minScore?: number;
    scanLimit?: number;
  }): Promise<ContextMatch[]> {
    const query = embed(options.text);
    const rows = await this.db('ql_index')
      .where({ language: options.language })
      .orderBy('created_at', 'desc')
      .limit(options.scanLimit ?? 2000)
      .select('artifact_id', 'project_name', 'summary', 'vector');
    return rows
      .map(row => ({
        artifactId: row.artifact_id as string,
        projectName: row.project_name as string,
        summary: row.summary as string,
        score: cosine(query, JSON.parse(row.vector)),
      }))
      .filter(m => m.score >= (options.minScore ?? 0.3))
      .sort((a, b) => b.score - a.score)
      .slice(0, options.limit ?? 3);
  }
}
