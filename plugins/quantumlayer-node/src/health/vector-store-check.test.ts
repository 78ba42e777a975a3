import { freePort } from '@internal/quantumlayer-test-utils';
import { EmbeddedVectorStore } from '../vector/embedded-vector-store';
import { QdrantVectorStore } from '../vector/qdrant-vector-store';
import { HealthMonitor } from './health-monitor';
import { vectorStoreCheck } from './vector-store-check';

describe('vectorStoreCheck', () => {
  it('reports the store and how many artifacts it holds', async () => {
    const store = EmbeddedVectorStore.open(':memory:');
    await store.ensureCollection('artifacts', 2);
    await store.upsert('artifacts', [
      { id: 'a', vector: [1, 0], payload: { language: 'go' } },
    ]);
    const report = await new HealthMonitor([vectorStoreCheck(store)]).details();
    expect(report.status).toBe('ok');
    expect(report.checks).toEqual([
      expect.objectContaining({
        name: 'vectorStore',
        status: 'ok',
        message: 'embedded, 1 artifacts indexed',
      }),
    ]);
    await store.close();
  });

  it('is down with the reason when Qdrant cannot be reached', async () => {
    const port = await freePort();
    const store = new QdrantVectorStore({
      url: `http://127.0.0.1:${port}`,
      collectionPrefix: 'quantumlayer_',
      timeoutMs: 1_000,
    });
    const report = await new HealthMonitor([vectorStoreCheck(store)]).details();
    expect(report.status).toBe('down');
    expect(report.checks[0].message).toBe(
      `Qdrant at http://127.0.0.1:${port} could not be reached (ECONNREFUSED) to count points of collection "quantumlayer_artifacts"; start Qdrant there, fix quantumlayer.vectorStore.url, or set quantumlayer.vectorStore.type: embedded`,
    );
  });
});
