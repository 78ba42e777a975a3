import { createHash } from 'crypto';
import type { Knex } from 'knex';
import type {
  ArtifactManifest as WireArtifactManifest,
  GenerateRequest,
} from '@internal/backstage-plugin-quantumlayer-common';

/** Size limits QuantumDrop enforces. */
export interface ArtifactLimits {
  maxFileBytes: number;
  maxArtifactBytes: number;
  maxFiles: number;
}

export const DEFAULT_ARTIFACT_LIMITS: ArtifactLimits = {
  maxFileBytes: 1024 * 1024,
  maxArtifactBytes: 10 * 1024 * 1024,
  maxFiles: 200,
};

/** The manifest of an artifact this store writes: the wire one, with the request always there. */
export interface ArtifactManifest extends WireArtifactManifest {
  request: GenerateRequest;
}

/** A stored artifact. */
export interface StoredArtifact {
  id: string;
  workflowId: string;
  totalSize: number;
  manifest: ArtifactManifest;
}

/** Thrown when content breaks a QuantumDrop limit. */
export class ArtifactLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArtifactLimitError';
  }
}

export const sha256 = (data: Buffer | string) =>
  createHash('sha256').update(data).digest('hex');

/**
 * QuantumDrop: content-addressed blob and artifact storage on Backstage's
 * database service. Every write is put-if-absent, so a replayed activity
 * stores nothing twice.
 */
export class ArtifactStore {
  constructor(
    private readonly db: Knex,
    readonly limits: ArtifactLimits = DEFAULT_ARTIFACT_LIMITS,
  ) {}

  /** Stores bytes under their sha256 (if absent) and returns the key. */
  async putBlob(
    content: Buffer | string,
  ): Promise<{ sha256: string; size: number }> {
    const bytes =
      typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const key = sha256(bytes);
    await this.db('ql_blobs')
      .insert({ sha256: key, size: bytes.length, content: bytes })
      .onConflict('sha256')
      .ignore();
    return { sha256: key, size: bytes.length };
  }

  async getBlob(key: string): Promise<Buffer | undefined> {
    const row = await this.db('ql_blobs')
      .where({ sha256: key })
      .first('content');
    if (!row) return undefined;
    return Buffer.isBuffer(row.content)
      ? row.content
      : Buffer.from(row.content);
  }

  /** Reads a blob as UTF-8 text, failing clearly when it is missing. */
  async getText(key: string): Promise<string> {
    const blob = await this.getBlob(key);
    if (!blob) throw new Error(`QuantumDrop has no blob ${key}`);
    return blob.toString('utf8');
  }

  /** Checks a set of files against the per-file, per-artifact and count limits. */
  checkLimits(files: { path: string; size: number }[]): void {
    if (files.length > this.limits.maxFiles) {
      throw new ArtifactLimitError(
        `artifact has ${files.length} files; the limit is ${this.limits.maxFiles}`,
      );
    }
    let total = 0;
    for (const file of files) {
      if (file.size > this.limits.maxFileBytes) {
        throw new ArtifactLimitError(
          `${file.path} is ${file.size} bytes; the per-file limit is ${this.limits.maxFileBytes}`,
        );
      }
      total += file.size;
    }
    if (total > this.limits.maxArtifactBytes) {
      throw new ArtifactLimitError(
        `artifact is ${total} bytes; the limit is ${this.limits.maxArtifactBytes}`,
      );
    }
  }

  /**
   * Stores the manifest of a workflow's artifact once. The id derives from the
   * workflow id, so a retried or replayed activity returns the same artifact.
   */
  async putArtifact(manifest: ArtifactManifest): Promise<StoredArtifact> {
    this.checkLimits(manifest.files);
    const id = `art-${sha256(manifest.workflowId).slice(0, 32)}`;
    const totalSize = manifest.files.reduce((sum, f) => sum + f.size, 0);
    await this.db.transaction(async tx => {
      const inserted = await tx('ql_artifacts')
        .insert({
          id,
          workflow_id: manifest.workflowId,
          manifest: JSON.stringify(manifest),
          total_size: totalSize,
        })
        .onConflict('id')
        .ignore()
        .returning('id');
      if (inserted.length > 0 && manifest.files.length > 0) {
        await tx('ql_artifact_files').insert(
          manifest.files.map(f => ({
            artifact_id: id,
            path: f.path,
            sha256: f.sha256,
            size: f.size,
          })),
        );
      }
    });
    const stored = await this.getArtifact(id);
    return stored!;
  }

  async getArtifact(id: string): Promise<StoredArtifact | undefined> {
    const row = await this.db('ql_artifacts').where({ id }).first();
    if (!row) return undefined;
    return {
      id: row.id,
      workflowId: row.workflow_id,
      totalSize: Number(row.total_size),
      manifest: JSON.parse(row.manifest),
    };
  }

  /** The bytes of one file of an artifact, or undefined. */
  async getArtifactFile(
    id: string,
    filePath: string,
  ): Promise<Buffer | undefined> {
    const row = await this.db('ql_artifact_files')
      .where({ artifact_id: id, path: filePath })
      .first('sha256');
    return row ? this.getBlob(row.sha256) : undefined;
  }

  async countArtifactsForWorkflow(workflowId: string): Promise<number> {
    const [{ count }] = await this.db('ql_artifacts')
      .where({ workflow_id: workflowId })
      .count({ count: '*' });
    return Number(count);
  }
}
