import { seedRequest } from '../__testUtils__/activities';
import { createTestDatabases, migrated } from '../__testUtils__/database';
import { ArtifactLimitError, ArtifactStore, sha256 } from './artifact-store';
import { VectorIndex } from './vector-index';

const databases = createTestDatabases();
jest.setTimeout(60_000);

const request = seedRequest;

describe.each(databases.eachSupportedId())('QuantumDrop on %p', databaseId => {
  it('stores blobs by sha256, once, and reads them back', async () => {
    const knex = await migrated(await databases.init(databaseId));
    const store = new ArtifactStore(knex);
    const first = await store.putBlob('print("hi")\n');
    const again = await store.putBlob(Buffer.from('print("hi")\n'));
    expect(first).toEqual({ sha256: sha256('print("hi")\n'), size: 12 });
    expect(again).toEqual(first);
    expect(await knex('ql_blobs').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
    const [{ n }] = await knex('ql_blobs').count({ n: '*' });
    expect(Number(n)).toBe(1);
    expect(await store.getText(first.sha256)).toBe('print("hi")\n');
    expect(await store.getBlob('0'.repeat(64))).toBeUndefined();
  });

  it('stores an artifact manifest once per workflow and serves its files', async () => {
    const knex = await migrated(await databases.init(databaseId));
    const store = new ArtifactStore(knex);
    const code = await store.putBlob('def f():\n    return 1\n');
    const manifest = {
      workflowId: 'ql-test-1',
      request,
      provider: 'template',
      model: 'm',
      testsPassed: true,
      stages: [],
      files: [{ path: 'src/f.py', ...code }],
      createdAt: new Date().toISOString(),
    };
    const a = await store.putArtifact(manifest);
    const b = await store.putArtifact({ ...manifest, createdAt: 'replayed' });
    expect(b.id).toBe(a.id);
    expect(b.manifest.createdAt).toBe(manifest.createdAt);
    expect(await store.countArtifactsForWorkflow('ql-test-1')).toBe(1);
    expect(a.totalSize).toBe(code.size);
    expect(
      (await store.getArtifactFile(a.id, 'src/f.py'))!.toString(),
    ).toContain('return 1');
    expect(await store.getArtifactFile(a.id, 'nope.py')).toBeUndefined();
  });

  it('refuses artifacts over the limits and stores nothing', async () => {
    const knex = await migrated(await databases.init(databaseId));
    const store = new ArtifactStore(knex, {
      maxFileBytes: 10,
      maxArtifactBytes: 15,
      maxFiles: 2,
    });
    const big = { path: 'big.txt', sha256: 'x', size: 11 };
    await expect(
      store.putArtifact({
        workflowId: 'ql-big',
        request,
        provider: 'template',
        model: 'm',
        testsPassed: null,
        stages: [],
        files: [big],
        createdAt: '',
      }),
    ).rejects.toThrow(
      new ArtifactLimitError('big.txt is 11 bytes; the per-file limit is 10'),
    );
    expect(() =>
      store.checkLimits([
        { path: 'a', size: 8 },
        { path: 'b', size: 8 },
      ]),
    ).toThrow('artifact is 16 bytes; the limit is 15');
    expect(await store.countArtifactsForWorkflow('ql-big')).toBe(0);
  });

  it('finds similar earlier artifacts of the same language', async () => {
    const knex = await migrated(await databases.init(databaseId));
    const store = new ArtifactStore(knex);
    const index = new VectorIndex(knex);
    for (const [id, text, language] of [
      ['w1', 'function count words in a text', 'python'],
      ['w2', 'api http server with health endpoint', 'python'],
      ['w3', 'function count words in a text', 'go'],
    ]) {
      const art = await store.putArtifact({
        workflowId: id,
        request,
        provider: 'template',
        model: 'm',
        testsPassed: true,
        stages: [],
        files: [],
        createdAt: '',
      });
      await index.add({
        artifactId: art.id,
        language,
        type: 'function',
        projectName: id,
        text,
      });
    }
    const matches = await index.search({
      language: 'python',
      text: 'function that counts words of a text',
    });
    expect(matches.map(m => m.projectName)).toEqual(['w1']);
    expect(matches[0].score).toBeGreaterThan(0.3);
    expect(
      await index.search({ language: 'typescript', text: 'count words' }),
    ).toEqual([]);
  });
});
