import fs from 'fs';
import os from 'os';
import path from 'path';
import { EmbeddedVectorStore, IN_MEMORY } from './embedded-vector-store';
import { VectorStoreError } from './vector-store';

const unit = (...xs: number[]) => {
  const norm = Math.hypot(...xs);
  return xs.map(x => x / norm);
};

const points = [
  {
    id: 'py-words',
    vector: unit(1, 0, 0, 0),
    payload: { language: 'python', project: 'words', tested: true },
  },
  {
    id: 'py-http',
    vector: unit(0.8, 0.6, 0, 0),
    payload: { language: 'python', project: 'http', tested: false },
  },
  {
    id: 'go-words',
    vector: unit(0.99, 0.1, 0, 0),
    payload: { language: 'go', project: 'words', tested: true },
  },
  {
    id: 'far',
    vector: unit(0, 0, 0, 1),
    payload: { language: 'python', project: 'far', tested: null },
  },
];

describe('EmbeddedVectorStore (SQLite + sqlite-vec)', () => {
  let dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-vectors-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    dirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true }));
    dirs = [];
  });

  it('finds the nearest points first, with cosine scores and payloads', async () => {
    const store = EmbeddedVectorStore.open(IN_MEMORY);
    await store.ensureCollection('artifacts', 4);
    await store.upsert('artifacts', points);
    const matches = await store.search('artifacts', unit(1, 0.05, 0, 0), {
      limit: 3,
    });
    expect(matches.map(m => m.id)).toEqual(['py-words', 'go-words', 'py-http']);
    expect(matches[0].score).toBeCloseTo(1 / Math.hypot(1, 0.05), 5);
    expect(matches[0].payload).toEqual({
      language: 'python',
      project: 'words',
      tested: true,
    });
    expect(await store.count('artifacts')).toBe(4);
    await store.close();
  });

  it('filters by payload equality (strings, booleans, null) and by minScore', async () => {
    const store = EmbeddedVectorStore.open(IN_MEMORY);
    await store.ensureCollection('artifacts', 4);
    await store.upsert('artifacts', points);
    const query = unit(1, 0.05, 0, 0);
    expect(
      (
        await store.search('artifacts', query, {
          filter: { language: 'python' },
        })
      ).map(m => m.id),
    ).toEqual(['py-words', 'py-http', 'far']);
    expect(
      (
        await store.search('artifacts', query, {
          filter: { language: 'python', tested: true },
        })
      ).map(m => m.id),
    ).toEqual(['py-words']);
    expect(
      (
        await store.search('artifacts', query, { filter: { tested: null } })
      ).map(m => m.id),
    ).toEqual(['far']);
    expect(
      (
        await store.search('artifacts', query, {
          filter: { language: 'python' },
          minScore: 0.9,
        })
      ).map(m => m.id),
    ).toEqual(['py-words']);
    expect(
      await store.search('artifacts', query, { filter: { language: 'cobol' } }),
    ).toEqual([]);
    await store.close();
  });

  it('replaces a point by id, deletes by id, and never matches a zero vector', async () => {
    const store = EmbeddedVectorStore.open(IN_MEMORY);
    await store.ensureCollection('prompts', 4);
    await store.upsert('prompts', points);
    await store.upsert('prompts', [
      { id: 'far', vector: unit(1, 0, 0, 0), payload: { project: 'moved' } },
    ]);
    expect(
      await store.search('prompts', unit(1, 0, 0, 0), {
        filter: { project: 'moved' },
      }),
    ).toEqual([
      { id: 'far', score: expect.closeTo(1, 5), payload: { project: 'moved' } },
    ]);
    expect(await store.search('prompts', [0, 0, 0, 0])).toEqual([]);
    await store.delete('prompts', ['far', 'py-http', 'unknown']);
    expect(await store.count('prompts')).toBe(2);
    expect(
      (await store.search('prompts', unit(1, 0, 0, 0))).map(m => m.id),
    ).toEqual(['py-words', 'go-words']);
    await store.close();
  });

  it('keeps collections apart and answers nothing for one never created', async () => {
    const store = EmbeddedVectorStore.open(IN_MEMORY);
    await store.ensureCollection('artifacts', 4);
    await store.ensureCollection('prompts', 2);
    await store.upsert('artifacts', points.slice(0, 1));
    await store.upsert('prompts', [
      { id: 'p', vector: [1, 0], payload: { alias: 'default' } },
    ]);
    expect((await store.search('prompts', [1, 0])).map(m => m.id)).toEqual([
      'p',
    ]);
    expect(await store.search('missing', [1, 0])).toEqual([]);
    expect(await store.count('missing')).toBe(0);
    await store.close();
  });

  it('keeps its points across a reopen of the same directory', async () => {
    const dir = tempDir();
    const first = EmbeddedVectorStore.open(dir);
    await first.ensureCollection('artifacts', 4);
    await first.upsert('artifacts', points);
    await first.close();
    expect(fs.existsSync(path.join(dir, 'vectors.sqlite'))).toBe(true);

    const again = EmbeddedVectorStore.open(dir);
    await again.ensureCollection('artifacts', 4);
    expect(await again.count('artifacts')).toBe(4);
    const [match] = await again.search('artifacts', unit(0, 0, 0, 1));
    expect(match).toEqual({
      id: 'far',
      score: expect.closeTo(1, 5),
      payload: { language: 'python', project: 'far', tested: null },
    });
    await again.close();
  });

  it('refuses vectors of another size and other embedding models with a reason', async () => {
    const dir = tempDir();
    const store = EmbeddedVectorStore.open(dir);
    await store.ensureCollection('artifacts', 4);
    await expect(
      store.upsert('artifacts', [{ id: 'x', vector: [1, 0], payload: {} }]),
    ).rejects.toThrow(
      'collection "artifacts" holds 4-dimensional vectors, but one has 2',
    );
    await expect(store.search('artifacts', [1, 0, 0])).rejects.toThrow(
      VectorStoreError,
    );
    await expect(store.ensureCollection('artifacts', 1536)).rejects.toThrow(
      'collection "artifacts" holds 4-dimensional vectors, but 1536 were asked for; the embedding model changed',
    );
    await expect(
      store.upsert('nowhere', [{ id: 'x', vector: [1], payload: {} }]),
    ).rejects.toThrow('collection "nowhere" does not exist');
    await expect(
      store.search('artifacts', [1, 0, 0, 0], {
        filter: { "x') OR 1=1 --": 'a' },
      }),
    ).rejects.toThrow('cannot be filtered on');
    await expect(store.ensureCollection('bad name!', 4)).rejects.toThrow(
      'collection name "bad name!" is not allowed',
    );
    await store.close();
  });

  it('says where it could not open', () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'not a directory');
    expect(() => EmbeddedVectorStore.open(file)).toThrow(
      /the embedded vector store could not open .*a-file.*vectors\.sqlite/,
    );
  });
});
