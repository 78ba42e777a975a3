import fs from 'fs';
import os from 'os';
import path from 'path';
import { seedRequest } from '../__testUtils__/activities';
import { createTestDatabases, migrated } from '../__testUtils__/database';
import {
  QdrantLoopback,
  startQdrantLoopback,
} from '@internal/quantumlayer-test-utils';
import {
  EmbeddedVectorStore,
  IN_MEMORY,
  QdrantVectorStore,
} from '@internal/backstage-plugin-quantumlayer-node';
import { ArtifactStore } from './artifact-store';
import { VectorIndex } from './vector-index';

const databases = createTestDatabases();
jest.setTimeout(60_000);

const entries: Array<[string, string, string, string]> = [
  ['words', 'function', 'python', 'function count words in a text'],
  ['server', 'api', 'python', 'api http server with health endpoint'],
  ['go-words', 'function', 'go', 'function count words in a text'],
];

/** Stores an artifact per entry (ql_index rows need one) and indexes it. */
async function indexAll(
  store: ArtifactStore,
  index: VectorIndex,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [project, type, language, text] of entries) {
    const artifact = await store.putArtifact({
      workflowId: `wf-${project}`,
      request: seedRequest,
      provider: 'template',
      model: 'm',
      testsPassed: true,
      stages: [],
      files: [],
      createdAt: '',
    });
    ids[project] = artifact.id;
    await index.add({
      artifactId: artifact.id,
      language,
      type,
      projectName: project,
      text,
    });
  }
  return ids;
}

describe.each(databases.eachSupportedId())(
  'VectorIndex (retrieval for stages 3 and 12) on %p',
  databaseId => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-index-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('finds earlier artifacts of the same language (and type) in the embedded store, which survives a restart', async () => {
      const knex = await migrated(await databases.init(databaseId));
      const store = EmbeddedVectorStore.open(dir);
      const ids = await indexAll(
        new ArtifactStore(knex),
        new VectorIndex(knex, { store }),
      );
      await store.close();

      const reopened = EmbeddedVectorStore.open(dir);
      const index = new VectorIndex(knex, { store: reopened });
      expect(await index.backfill()).toBe(0);
      const query = {
        language: 'python',
        text: 'function that counts the words of a text',
      };
      const [match, ...rest] = await index.search(query);
      expect(match).toEqual({
        artifactId: ids.words,
        projectName: 'words',
        summary: 'function count words in a text',
        score: expect.any(Number),
      });
      expect(match.score).toBeGreaterThan(0.3);
      expect(rest.map(m => m.projectName)).not.toContain('go-words');
      expect(await index.search({ ...query, type: 'api' })).toEqual([]);
      expect(
        await index.search({ ...query, minScore: -1, limit: 5 }),
      ).toHaveLength(2);
      await reopened.close();
    });

    it('rebuilds an empty store from ql_index, once', async () => {
      const knex = await migrated(await databases.init(databaseId));
      await indexAll(new ArtifactStore(knex), new VectorIndex(knex));
      const rows = await knex('ql_index').count({ n: '*' });
      expect(Number(rows[0].n)).toBe(3);

      const fresh = EmbeddedVectorStore.open(IN_MEMORY);
      const index = new VectorIndex(knex, { store: fresh });
      expect(await index.backfill(2)).toBe(3);
      expect(await fresh.count('artifacts')).toBe(3);
      expect(await index.backfill()).toBe(0);
      const [go] = await index.search({
        language: 'go',
        text: 'count words',
      });
      expect(go.projectName).toBe('go-words');
      await fresh.close();
    });
  },
);

describe('VectorIndex on Qdrant', () => {
  let qdrant: QdrantLoopback;
  beforeEach(async () => {
    qdrant = await startQdrantLoopback();
  });
  afterEach(() => qdrant.close());

  it('indexes into the artifacts collection with language and type indexes, and searches it filtered', async () => {
    const knex = await migrated(await databases.init('SQLITE_3'));
    const store = new QdrantVectorStore({
      url: qdrant.url,
      collectionPrefix: 'quantumlayer_',
      timeoutMs: 5_000,
    });
    const index = new VectorIndex(knex, { store });
    const ids = await indexAll(new ArtifactStore(knex), index);
    const collection = qdrant.collections.get('quantumlayer_artifacts')!;
    expect(collection.size).toBe(256);
    expect(collection.indexes).toEqual({
      language: 'keyword',
      type: 'keyword',
    });
    expect(collection.points.size).toBe(3);

    const found = await index.search({
      language: 'python',
      text: 'function that counts the words of a text',
    });
    expect(found.map(m => m.artifactId)).toEqual([ids.words]);
    const query = qdrant.calls[qdrant.calls.length - 1];
    expect(query.body.filter).toEqual({
      must: [{ key: 'language', match: { value: 'python' } }],
    });
    expect(query.body.score_threshold).toBe(0.3);
  });
});
