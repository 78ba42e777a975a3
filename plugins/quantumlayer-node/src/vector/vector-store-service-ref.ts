import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { createVectorStore } from './create-vector-store';
import type { VectorStore } from './vector-store';

/**
 * The one vector store of a backend (`quantumlayer.vectorStore`): the
 * embedded sqlite-vec store or Qdrant. Root-scoped, so the plugins of one
 * process (the codegen plugin's retrieval, the LLM router's semantic cache)
 * share it instead of each opening their own; closed at shutdown.
 *
 * @public
 */
export const vectorStoreServiceRef = createServiceRef<VectorStore>({
  id: 'quantumlayer.vector-store',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        lifecycle: coreServices.rootLifecycle,
      },
      factory({ config, lifecycle }) {
        const store = createVectorStore(config);
        lifecycle.addShutdownHook(() => store.close());
        return store;
      },
    }),
});
