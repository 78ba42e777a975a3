import type { HealthCheck } from './health-check';
import { COLLECTIONS, type VectorStore } from '../vector/vector-store';

/**
 * The vector store answers a count of the `artifacts` collection; down (with
 * the store's own reason) when it cannot, since stages 3 and 12 need it.
 *
 * @public
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
