export {
  LocalEmbedderProvider,
  LOCAL_EMBEDDER_ID,
  LOCAL_EMBEDDING_ALIAS,
} from './local-embedder-provider';
export { hashEmbedding, HASH_EMBEDDING_DIMENSIONS } from './hash-embedding';
