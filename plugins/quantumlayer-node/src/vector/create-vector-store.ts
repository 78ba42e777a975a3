import os from 'os';
import path from 'path';
import type { Config } from '@backstage/config';
import { EmbeddedVectorStore } from './embedded-vector-store';
import { QdrantVectorStore } from './qdrant-vector-store';
import type { VectorStore } from './vector-store';

/**
 * Where the embedded store lives by default: `quantumlayer-vectors` under
 * `backend.workingDirectory` (Backstage's scratch directory), else under the
 * OS temp directory.
 *
 * @public
 */
export function defaultVectorDirectory(config: Config): string {
  return path.join(
    config.getOptionalString('backend.workingDirectory') ?? os.tmpdir(),
    'quantumlayer-vectors',
  );
}

/**
 * Builds the store `quantumlayer.vectorStore` names: `embedded` (default;
 * SQLite + sqlite-vec in `directory`, `:memory:` for none) or `qdrant`
 * (`url`, `apiKey`, `collectionPrefix`, `timeoutMs`).
 *
 * @public
 */
export function createVectorStore(config: Config): VectorStore {
  const c = config.getOptionalConfig('quantumlayer.vectorStore');
  const type = c?.getOptionalString('type') ?? 'embedded';
  if (type === 'qdrant') {
    return new QdrantVectorStore({
      url: c!.getString('url'),
      apiKey: c!.getOptionalString('apiKey') || undefined,
      collectionPrefix:
        c!.getOptionalString('collectionPrefix') ?? 'quantumlayer_',
      timeoutMs: c!.getOptionalNumber('timeoutMs') ?? 10_000,
    });
  }
  if (type !== 'embedded') {
    throw new Error(
      `quantumlayer.vectorStore.type "${type}" is not supported; use embedded or qdrant`,
    );
  }
  return EmbeddedVectorStore.open(
    c?.getOptionalString('directory') ?? defaultVectorDirectory(config),
  );
}
