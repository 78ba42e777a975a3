import http from 'http';
import type { AddressInfo } from 'net';
import {
  QdrantLoopback,
  startQdrantLoopback,
  freePort,
  qdrantFixtures,
} from '@internal/quantumlayer-test-utils';
import { qdrantPointId, QdrantVectorStore } from './qdrant-vector-store';
import { VectorStoreError } from './vector-store';

const queryPoints = qdrantFixtures.queryPoints;

const unit = (...xs: number[]) => {
  const norm = Math.hypot(...xs);
  return xs.map(x => x / norm);
};

const storeFor = (qdrant: { url: string }, extra: { apiKey?: string } = {}) =>
  new QdrantVectorStore({
    url: qdrant.url,
    collectionPrefix: 'ql_',
    timeoutMs: 5_000,
    ...extra,
  });

describe('QdrantVectorStore against a loopback Qdrant', () => {
  let qdrant: QdrantLoopback;
  beforeEach(async () => {
    qdrant = await startQdrantLoopback();
  });
  afterEach(() => qdrant.close());

  const calls = () =>
    qdrant.calls.map(c => `${c.method} ${c.path.split('?')[0]}`);

  it('creates the collection once, with cosine distance and keyword indexes', async () => {
    const store = storeFor(qdrant);
    await store.ensureCollection('artifacts', 4, {
      keywordFields: ['language'],
    });
    await store.ensureCollection('artifacts', 4, {
      keywordFields: ['language'],
    });
    expect(calls()).toEqual([
      'GET /collections/ql_artifacts/exists',
      'PUT /collections/ql_artifacts',
      'PUT /collections/ql_artifacts/index',
    ]);
    expect(qdrant.calls[1].body).toEqual({
      vectors: { size: 4, distance: 'Cosine' },
    });
    expect(qdrant.calls[2].body).toEqual({
      field_name: 'language',
      field_schema: 'keyword',
    });
    expect(qdrant.calls[2].path).toContain('wait=true');

    // A second store (another replica) finds it and creates nothing.
    await storeFor(qdrant).ensureCollection('artifacts', 4);
    expect(calls().slice(3)).toEqual(['GET /collections/ql_artifacts/exists']);
  });

  it('upserts with UUID ids and the caller id in the payload, and searches with filters and a threshold', async () => {
    const store = storeFor(qdrant);
    await store.ensureCollection('artifacts', 4);
    await store.upsert('artifacts', [
      {
        id: 'sha-words',
        vector: unit(1, 0, 0, 0),
        payload: { language: 'python', projectName: 'words' },
      },
      {
        id: 'sha-http',
        vector: unit(0.6, 0.8, 0, 0),
        payload: { language: 'python', projectName: 'http' },
      },
      {
        id: 'sha-go',
        vector: unit(1, 0.1, 0, 0),
        payload: { language: 'go', projectName: 'words', tested: null },
      },
    ]);
    const upsert = qdrant.calls.find(
      c => c.method === 'PUT' && /points/.test(c.path),
    )!;
    expect(upsert.path).toBe('/collections/ql_artifacts/points?wait=true');
    expect(upsert.body.points[0]).toEqual({
      id: qdrantPointId('sha-words'),
      vector: unit(1, 0, 0, 0),
      payload: { language: 'python', projectName: 'words', __id: 'sha-words' },
    });
    expect(qdrantPointId('sha-words')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );

    const found = await store.search('artifacts', unit(1, 0.05, 0, 0), {
      limit: 2,
      filter: { language: 'python' },
      minScore: 0.3,
    });
    const query = qdrant.calls[qdrant.calls.length - 1];
    expect(query.path).toBe('/collections/ql_artifacts/points/query');
    expect(query.body).toEqual({
      query: unit(1, 0.05, 0, 0),
      filter: { must: [{ key: 'language', match: { value: 'python' } }] },
      limit: 2,
      score_threshold: 0.3,
      with_payload: true,
    });
    expect(found).toEqual([
      {
        id: 'sha-words',
        score: expect.closeTo(1 / Math.hypot(1, 0.05), 5),
        payload: { language: 'python', projectName: 'words' },
      },
      {
        id: 'sha-http',
        score: expect.closeTo((0.6 + 0.05 * 0.8) / Math.hypot(1, 0.05), 5),
        payload: { language: 'python', projectName: 'http' },
      },
    ]);

    await store.search('artifacts', unit(1, 0, 0, 0), {
      filter: { tested: null },
    });
    expect(qdrant.calls[qdrant.calls.length - 1].body.filter).toEqual({
      must: [{ is_null: { key: 'tested' } }],
    });
    expect(await store.count('artifacts')).toBe(3);
  });

  it('maps a documented query answer, keeping foreign ids', async () => {
    const store = storeFor(qdrant);
    await store.ensureCollection('prompts', 4);
    qdrant.override('POST /points/query', 200, queryPoints);
    expect(await store.search('prompts', unit(1, 0, 0, 0))).toEqual([
      {
        id: '5c56c793-69f3-4fbf-87e6-c4bf54c28c26',
        score: 0.75,
        payload: { city: 'London', color: 'green' },
      },
    ]);
  });

  it('deletes by the same UUIDs, and treats a missing collection as empty when reading', async () => {
    const store = storeFor(qdrant);
    await store.ensureCollection('prompts', 2);
    await store.upsert('prompts', [
      { id: 'a', vector: [1, 0], payload: { alias: 'default' } },
      { id: 'b', vector: [0, 1], payload: { alias: 'default' } },
    ]);
    await store.delete('prompts', ['a']);
    const del = qdrant.calls[qdrant.calls.length - 1];
    expect(`${del.method} ${del.path}`).toBe(
      'POST /collections/ql_prompts/points/delete?wait=true',
    );
    expect(del.body).toEqual({ points: [qdrantPointId('a')] });
    expect((await store.search('prompts', [1, 0.1])).map(m => m.id)).toEqual([
      'b',
    ]);

    expect(await store.search('never', [1, 0])).toEqual([]);
    expect(await store.count('never')).toBe(0);
    await expect(store.delete('never', ['x'])).resolves.toBeUndefined();
    await expect(
      store.upsert('never', [{ id: 'x', vector: [1, 0], payload: {} }]),
    ).rejects.toThrow(
      `Qdrant at ${qdrant.url} could not upsert points into collection "ql_never" (404): Not found: Collection \`ql_never\` doesn't exist!`,
    );
  });

  it("passes Qdrant's own reason for a refused call", async () => {
    const store = storeFor(qdrant);
    await store.ensureCollection('artifacts', 4);
    await expect(
      store.upsert('artifacts', [{ id: 'x', vector: [1, 0], payload: {} }]),
    ).rejects.toThrow(
      'could not upsert points into collection "ql_artifacts" (400): Wrong input: Vector dimension error: expected dim: 4, got 2',
    );
  });

  it('sends the API key and names the setting when it is refused', async () => {
    const guarded = await startQdrantLoopback({ apiKey: 'k-123' });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await storeFor(guarded, { apiKey: 'k-123' }).ensureCollection('a', 2);
      expect(guarded.calls[0].headers['api-key']).toBe('k-123');
      const error = await storeFor(guarded, { apiKey: 'wrong' })
        .ensureCollection('b', 2)
        .catch(e => e);
      expect(error).toBeInstanceOf(VectorStoreError);
      expect(error.message).toBe(
        `Qdrant at ${guarded.url} refused the API key (401) to create collection "ql_b"; check quantumlayer.vectorStore.apiKey`,
      );
    } finally {
      warn.mockRestore();
      await guarded.close();
    }
  });
});

describe('QdrantVectorStore when Qdrant is not there', () => {
  it('says it could not be reached and what to do, and tries again on the next call', async () => {
    const port = await freePort();
    const store = storeFor({ url: `http://127.0.0.1:${port}` });
    const error = await store.ensureCollection('artifacts', 4).catch(e => e);
    expect(error).toBeInstanceOf(VectorStoreError);
    expect(error.message).toBe(
      `Qdrant at http://127.0.0.1:${port} could not be reached (ECONNREFUSED) to create collection "ql_artifacts"; start Qdrant there, fix quantumlayer.vectorStore.url, or set quantumlayer.vectorStore.type: embedded`,
    );
    await expect(store.search('artifacts', [1, 0, 0, 0])).rejects.toThrow(
      'could not be reached (ECONNREFUSED) to search collection "ql_artifacts"',
    );

    const qdrant = await startQdrantLoopback();
    try {
      const late = storeFor(qdrant);
      await late.ensureCollection('artifacts', 4);
      expect(qdrant.collections.has('ql_artifacts')).toBe(true);
    } finally {
      await qdrant.close();
    }
  });

  it('gives up after the timeout with the setting to change', async () => {
    const silent = http.createServer(() => {
      // never answers
    });
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const store = new QdrantVectorStore({
        url,
        collectionPrefix: '',
        timeoutMs: 200,
      });
      await expect(store.count('artifacts')).rejects.toThrow(
        `Qdrant at ${url} did not answer within 200 ms to count points of collection "artifacts"; raise quantumlayer.vectorStore.timeoutMs`,
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
