import type { HealthCheck } from '@internal/backstage-plugin-quantumlayer-node';
import { COLLECTIONS, VectorStore } from '@internal/backstage-plugin-quantumlayer-node';

/**
 * The vector store answers a count of the `artifacts` collection; down (with
 * the store's own reason) when it cannot, since stages 3 and 12 need it.
 */
export function vectorStoreCheck(store: VectorStore): HealthCheck {
  return {
    name: 'vectorStore',
    async check() {
      const count = await store.count(COLLECTIONS.artifacts);
      return {
        status: 'ok',
        detail: `${store.kind}, ${count} artifacts indexed`,
      };
    },
  };
}
