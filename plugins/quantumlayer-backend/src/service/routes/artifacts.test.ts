import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  PipelineRecord,
  TestRunRecord,
} from '@internal/backstage-plugin-quantumlayer-common';
import request from 'supertest';
import { routesTestPlugin } from '@internal/quantumlayer-test-utils';
import { seedRequest } from '../../__testUtils__/activities';
import { createTestDatabases, migrated } from '../../__testUtils__/database';
import {
  ArtifactManifest,
  ArtifactStore,
  StoredArtifact,
} from '../../artifacts/artifact-store';
import { addArtifactRoutes, referencedBlobs } from './artifacts';

const databases = createTestDatabases();
jest.setTimeout(60_000);
const auditorMock = mockServices.auditor.mock();
beforeEach(() => auditorMock.createEvent.mockClear());

/**
 * The artifact routes as the plugin mounts them (same plugin id, real auth
 * middleware and error handler) over a QuantumDrop store of their own.
 */
const artifactsTestPlugin = (store: ArtifactStore) =>
  routesTestPlugin((router, deps) =>
    addArtifactRoutes(router, { ...deps, store }),
  );

const startBackend = (
  store: ArtifactStore,
  permissions:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) =>
  startTestBackend({
    features: [
      artifactsTestPlugin(store),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.permissions.factory({ result: permissions }),
      auditorMock.factory,
    ],
  });

const testRun = (logKey: string, passed: boolean): TestRunRecord => ({
  passed,
  isolated: true,
  timedOut: false,
  exitCode: passed ? 0 : 1,
  summary: passed ? '2 passed' : '1 failed, 1 passed',
  cases: [],
  logKey,
  durationMs: 1200,
});

function pipeline(keys: {
  testLog: string;
  diff: string;
  feedback: string;
  repairTestLog: string;
}): PipelineRecord {
  return {
    plan: { approach: 'one function', files: [], interfaces: [] },
    prompts: {},
    parse: { sources: [], tests: [] },
    tests: testRun(keys.testLog, true),
    repairs: [
      {
        iteration: 1,
        feedbackKey: keys.feedback,
        diff: {
          diffKey: keys.diff,
          filesChanged: 1,
          additions: 3,
          deletions: 1,
        },
        parse: { ok: true, problems: [], verdicts: [] },
        tests: testRun(keys.repairTestLog, false),
        tokens: 800,
      },
    ],
    review: [],
    usage: {
      calls: 4,
      promptTokens: 1000,
      completionTokens: 500,
      costUsd: 0,
      budget: {},
    },
    approval: null,
  };
}

const TEST_LOG = '============ 2 passed in 0.02s ============\n';
const DIFF = '--- a/app.py\n+++ b/app.py\n@@ -1 +1 @@\n-return 0\n+return 1\n';
const FEEDBACK = 'test_counts_words failed: expected 1, got 0\n';
const REPAIR_TEST_LOG = 'FAILED test_app.py::test_counts_words\n';

describe('referencedBlobs', () => {
  it('names each key of manifest.pipeline once, the final test log first', () => {
    const shared = 'c'.repeat(64);
    const manifest = {
      pipeline: pipeline({
        testLog: shared,
        diff: 'D'.repeat(64),
        feedback: 'f'.repeat(64),
        repairTestLog: shared,
      }),
    } as ArtifactManifest;
    expect([...referencedBlobs(manifest)]).toEqual([
      [shared, 'test-log.txt'],
      ['d'.repeat(64), 'repair-1.diff'],
      ['f'.repeat(64), 'repair-1-feedback.txt'],
    ]);
    expect(
      referencedBlobs({ files: [] } as unknown as ArtifactManifest).size,
    ).toBe(0);
  });
});

describe.each(databases.eachSupportedId())(
  'GET /v1/artifacts/:id/blobs/:sha256 on %p',
  databaseId => {
    let store: ArtifactStore;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let artifact: StoredArtifact;
    let keys: Record<
      'testLog' | 'diff' | 'feedback' | 'repairTestLog' | 'file' | 'other',
      string
    >;
    const user = mockCredentials.user.header();
    const blobPath = (sha256: string, id = artifact.id) =>
      `/api/quantumlayer/v1/artifacts/${id}/blobs/${sha256}`;

    beforeAll(async () => {
      store = new ArtifactStore(
        await migrated(await databases.init(databaseId)),
      );
      const put = async (text: string) => (await store.putBlob(text)).sha256;
      const file = await store.putBlob('def count(text):\n    return 1\n');
      keys = {
        testLog: await put(TEST_LOG),
        diff: await put(DIFF),
        feedback: await put(FEEDBACK),
        repairTestLog: await put(REPAIR_TEST_LOG),
        file: file.sha256,
        // Another run's diff: stored, but not this artifact's.
        other: await put('--- a/other.py\n+++ b/other.py\n'),
      };
      artifact = await store.putArtifact({
        workflowId: 'ql-blobs',
        request: seedRequest,
        provider: 'template',
        model: 'template',
        testsPassed: true,
        stages: [],
        files: [{ path: 'app.py', ...file }],
        createdAt: '2026-11-23T10:00:00.000Z',
        pipeline: pipeline(keys),
      });
      backend = await startBackend(store);
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it.each([
      ['testLog', TEST_LOG, 'test-log.txt'],
      ['diff', DIFF, 'repair-1.diff'],
      ['feedback', FEEDBACK, 'repair-1-feedback.txt'],
      ['repairTestLog', REPAIR_TEST_LOG, 'repair-1-test-log.txt'],
    ] as const)(
      'serves the %s the manifest references as a text download',
      async (key, text, fileName) => {
        const res = await request(backend.server)
          .get(blobPath(keys[key]))
          .set('Authorization', user);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.headers['content-disposition']).toBe(
          `attachment; filename="${fileName}"`,
        );
        expect(res.text).toBe(text);
        // Audited: which artifact and file, never the bytes.
        expect(auditorMock.createEvent).toHaveBeenCalledWith(
          expect.objectContaining({
            eventId: 'artifact-download',
            severityLevel: 'low',
            meta: { artifactId: artifact.id, file: fileName },
          }),
        );
      },
    );

    it('takes the digest in upper case too', async () => {
      const res = await request(backend.server)
        .get(blobPath(keys.diff.toUpperCase()))
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.text).toBe(DIFF);
    });

    it.each(['other', 'file'] as const)(
      'answers 404 for a stored blob the pipeline record does not reference (%s)',
      async key => {
        const res = await request(backend.server)
          .get(blobPath(keys[key]))
          .set('Authorization', user);
        expect(res.status).toBe(404);
        expect(res.body.error).toEqual({
          name: 'NotFoundError',
          message: expect.stringContaining(
            `artifact ${artifact.id} does not reference blob ${keys[key]}; only the test logs, repair diffs and repair feedback`,
          ),
        });
        expect(res.text).not.toContain('other.py');
      },
    );

    it('answers 404 for an unknown artifact', async () => {
      const res = await request(backend.server)
        .get(blobPath(keys.diff, 'art-nope'))
        .set('Authorization', user);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('artifact art-nope not found');
    });

    it.each(['abc', 'g'.repeat(64), `${'a'.repeat(64)}0`])(
      'answers 400 naming sha256 for %p',
      async sha256 => {
        const res = await request(backend.server)
          .get(blobPath(sha256))
          .set('Authorization', user);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toContain(
          'sha256 must be 64 hexadecimal characters',
        );
      },
    );

    it('needs credentials and quantumlayer.artifact.read on the run', async () => {
      const anonymous = await request(backend.server).get(blobPath(keys.diff));
      expect(anonymous.status).toBe(401);

      const denied = await startBackend(store, AuthorizeResult.DENY);
      try {
        const res = await request(denied.server)
          .get(blobPath(keys.diff))
          .set('Authorization', user);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          'not allowed: quantumlayer.artifact.read on workflow ql-blobs',
        );
        // An unknown artifact is 404 whatever the policy says of runs.
        const unknown = await request(denied.server)
          .get(blobPath(keys.diff, 'art-nope'))
          .set('Authorization', user);
        expect(unknown.status).toBe(404);
      } finally {
        await denied.stop();
      }
    });
  },
);
