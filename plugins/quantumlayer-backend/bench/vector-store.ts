/* eslint-disable no-console */
// yarn bench:vector [--points 5000] [--dims 256] [--queries 100] [--runs 3]
// Picks the embedded vector store by measurement. One run puts the same
// random unit vectors (payload: language, one of three) into
//   - js-scan: a brute-force cosine scan over Float32Arrays (the baseline),
//   - sqlite-vec: EmbeddedVectorStore itself (better-sqlite3 + sqlite-vec,
//     exact scan), in memory and in a file (WAL),
//   - pglite: PGlite (WASM Postgres) + pgvector, exact (no index) and HNSW,
// then times open, upsert (batches of 500) and top-5 queries without and
// with a language filter, and checks each backend finds the baseline's top
// hit. Prints the median of --runs runs and ratios to the baseline.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { EmbeddedVectorStore } from '@internal/backstage-plugin-quantumlayer-node';

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1 || value > 1_000_000) {
    throw new Error(`--${name} must be a positive integer`);
  }
  return value;
};
const N = flag('points', 5000);
const D = flag('dims', 256);
const Q = flag('queries', 100);
const RUNS = flag('runs', 3);
const K = 5;
const BATCH = 500;
const LANGUAGES = ['go', 'python', 'typescript'];

/** A seeded generator, so every run and backend sees the same data. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
}
const next = random(42);
const unit = () => {
  const v = Array.from({ length: D }, next);
  const n = Math.hypot(...v);
  return v.map(x => x / n);
};
const points = Array.from({ length: N }, (_, i) => ({
  id: `p${i}`,
  vector: unit(),
  payload: { language: LANGUAGES[i % 3] },
}));
const queries = Array.from({ length: Q }, unit);

interface Backend {
  name: string;
  open(): Promise<void>;
  upsert(batch: typeof points): Promise<void>;
  /** The ids of the top K, optionally only `language`. */
  search(vector: number[], language?: string): Promise<string[]>;
  close(): Promise<void>;
}

function jsScan(): Backend {
  let ids: string[] = [];
  let vectors: Float32Array[] = [];
  let languages: string[] = [];
  return {
    name: 'js-scan (baseline)',
    async open() {
      ids = [];
      vectors = [];
      languages = [];
    },
    async upsert(batch) {
      for (const p of batch) {
        ids.push(p.id);
        vectors.push(Float32Array.from(p.vector));
        languages.push(p.payload.language);
      }
    },
    async search(vector, language) {
      const q = Float32Array.from(vector);
      const scored: Array<[number, number]> = [];
      for (let i = 0; i < vectors.length; i++) {
        if (language && languages[i] !== language) continue;
        let dot = 0;
        const v = vectors[i];
        for (let j = 0; j < D; j++) dot += q[j] * v[j];
        scored.push([dot, i]);
      }
      scored.sort((a, b) => b[0] - a[0]);
      return scored.slice(0, K).map(([, i]) => ids[i]);
    },
    async close() {},
  };
}

function sqliteVec(inFile: boolean): Backend {
  let store: EmbeddedVectorStore;
  let dir: string | undefined;
  return {
    name: `sqlite-vec ${inFile ? 'file (WAL)' : 'memory'}`,
    async open() {
      dir = inFile
        ? fs.mkdtempSync(path.join(os.tmpdir(), 'ql-bench-vec-'))
        : undefined;
      store = EmbeddedVectorStore.open(dir ?? ':memory:');
      await store.ensureCollection('bench', D);
    },
    upsert: batch => store.upsert('bench', batch),
    async search(vector, language) {
      const found = await store.search('bench', vector, {
        limit: K,
        filter: language ? { language } : undefined,
      });
      return found.map(m => m.id);
    },
    async close() {
      await store.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function pglite(hnsw: boolean): Backend {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { PGlite } =
    require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
  const { vector } =
    require('@electric-sql/pglite-pgvector') as typeof import('@electric-sql/pglite-pgvector');
  /* eslint-enable @typescript-eslint/no-require-imports */
  let db: InstanceType<typeof PGlite>;
  return {
    name: `pglite+pgvector ${hnsw ? 'hnsw' : 'exact'}`,
    async open() {
      db = await PGlite.create({ extensions: { vector } });
      await db.exec(
        `CREATE EXTENSION IF NOT EXISTS vector;
         CREATE TABLE points (id text PRIMARY KEY, embedding vector(${D}), payload jsonb)`,
      );
      if (hnsw) {
        await db.exec(
          'CREATE INDEX ON points USING hnsw (embedding vector_cosine_ops)',
        );
      }
    },
    async upsert(batch) {
      await db.query(
        `INSERT INTO points
         SELECT i, v::vector, p::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS u(i, v, p)
         ON CONFLICT (id) DO UPDATE SET embedding = excluded.embedding, payload = excluded.payload`,
        [
          batch.map(p => p.id),
          batch.map(p => JSON.stringify(p.vector)),
          batch.map(p => JSON.stringify(p.payload)),
        ],
      );
    },
    async search(v, language) {
      const result = await db.query<{ id: string }>(
        `SELECT id FROM points ${
          language ? 'WHERE payload @> $2' : ''
        } ORDER BY embedding <=> $1 LIMIT ${K}`,
        language
          ? [JSON.stringify(v), JSON.stringify({ language })]
          : [JSON.stringify(v)],
      );
      return result.rows.map(r => r.id);
    },
    close: () => db.close(),
  };
}

interface Timing {
  open: number;
  upsert: number;
  query: number;
  filtered: number;
  recall: number;
}

async function measure(backend: Backend, truth: string[][]): Promise<Timing> {
  const time = async (fn: () => Promise<unknown>) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  const open = await time(() => backend.open());
  const upsert = await time(async () => {
    for (let i = 0; i < N; i += BATCH)
      await backend.upsert(points.slice(i, i + BATCH));
  });
  let hits = 0;
  const query = await time(async () => {
    for (let i = 0; i < Q; i++) {
      const top = await backend.search(queries[i]);
      if (top[0] === truth[i][0]) hits++;
    }
  });
  const filtered = await time(async () => {
    for (const q of queries) await backend.search(q, 'go');
  });
  await backend.close();
  return { open, upsert, query, filtered, recall: hits / Q };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main() {
  const baseline = jsScan();
  await baseline.open();
  await baseline.upsert(points);
  const truth = await Promise.all(queries.map(q => baseline.search(q)));
  const backends = [
    jsScan(),
    sqliteVec(false),
    sqliteVec(true),
    pglite(false),
    pglite(true),
  ];
  const results = new Map<string, Timing[]>();
  // Each run goes through the backends in another order.
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 ? [...backends].reverse() : backends;
    for (const backend of order) {
      const timing = await measure(backend, truth);
      results.set(backend.name, [...(results.get(backend.name) ?? []), timing]);
    }
  }
  const summary = backends.map(b => {
    const runs = results.get(b.name)!;
    const pick = (k: keyof Timing) => median(runs.map(r => r[k]));
    return {
      name: b.name,
      open: pick('open'),
      upsert: pick('upsert'),
      query: pick('query'),
      filtered: pick('filtered'),
      recall: pick('recall'),
    };
  });
  const base = summary[0];
  const ratio = (value: number, of: number) =>
    of > 0.5 ? ` (×${(value / of).toFixed(1)})` : '';
  console.log(
    `${N} points × ${D} dims, ${Q} top-${K} queries, median of ${RUNS} runs (Node ${
      process.version
    }, ${os.cpus().length} cores)`,
  );
  console.log(
    '| backend | open | upsert | queries | filtered queries | top-1 = exact |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const s of summary) {
    console.log(
      `| ${s.name} | ${s.open.toFixed(0)} ms | ${s.upsert.toFixed(0)} ms${ratio(
        s.upsert,
        base.upsert,
      )} | ${s.query.toFixed(0)} ms${ratio(
        s.query,
        base.query,
      )} | ${s.filtered.toFixed(0)} ms${ratio(s.filtered, base.filtered)} | ${(
        s.recall * 100
      ).toFixed(0)}% |`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
