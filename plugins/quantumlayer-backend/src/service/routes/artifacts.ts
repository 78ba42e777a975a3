import { InputError, NotFoundError } from '@backstage/errors';
import type Router from 'express-promise-router';
import type { Request } from 'express';
import type { ArtifactManifest } from '../../artifacts/artifact-store';
import type { Artifact } from '@internal/backstage-plugin-quantumlayer-common';
import {
  auditedDownload,
  readableArtifact,
  readArtifactFile,
} from '../operations/artifact-operations';
import type { RouteContext } from './context';

const SHA256 = /^[0-9a-f]{64}$/i;

/**
 * The QuantumDrop blobs an artifact's pipeline record points at (test logs,
 * repair diffs and feedback), each with the file name it downloads as. The
 * first mention names a blob that several records share.
 */
export function referencedBlobs(
  manifest: ArtifactManifest,
): Map<string, string> {
  const names = new Map<string, string>();
  const add = (key: string | undefined, fileName: string) => {
    const normalized = key?.toLowerCase();
    if (normalized && !names.has(normalized)) names.set(normalized, fileName);
  };
  const pipeline = manifest.pipeline;
  add(pipeline?.tests?.logKey, 'test-log.txt');
  for (const repair of pipeline?.repairs ?? []) {
    const prefix = `repair-${repair.iteration}`;
    add(repair.diff?.diffKey, `${prefix}.diff`);
    add(repair.feedbackKey, `${prefix}-feedback.txt`);
    add(repair.tests?.logKey, `${prefix}-test-log.txt`);
  }
  return names;
}

/** QuantumDrop downloads: an artifact's manifest, its files and the blobs its pipeline record references. */
export function addArtifactRoutes(
  router: ReturnType<typeof Router>,
  ctx: Pick<RouteContext, 'httpAuth' | 'permissions' | 'store'> &
    Partial<Pick<RouteContext, 'auditor'>>,
) {
  const credentialsOf = (req: Request) =>
    ctx.httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/v1/artifacts/:id', async (req, res) => {
    const artifact = await readableArtifact(
      ctx,
      await credentialsOf(req),
      req.params.id,
    );
    const body: Artifact = {
      id: artifact.id,
      workflow_id: artifact.workflowId,
      total_size: artifact.totalSize,
      manifest: artifact.manifest,
    };
    res.json(body);
  });

  router.get('/v1/artifacts/:id/files/*', async (req, res) => {
    const filePath = (req.params as Record<string, string>)[0];
    const { content } = await readArtifactFile(
      ctx,
      await credentialsOf(req),
      req.params.id,
      filePath,
      req,
    );
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${filePath.split('/').pop()}"`,
    );
    res.send(content);
  });

  // Blobs are content-addressed and shared between runs, so a key alone
  // proves nothing: only what this artifact's own manifest references is
  // served, under the permission that reads the artifact.
  router.get('/v1/artifacts/:id/blobs/:sha256', async (req, res) => {
    const { id, sha256 } = req.params;
    const credentials = await credentialsOf(req);
    const artifact = await readableArtifact(ctx, credentials, id);
    if (!SHA256.test(sha256)) {
      throw new InputError(
        `sha256 must be 64 hexadecimal characters (a logKey, diffKey or feedbackKey from the artifact's manifest.pipeline); got "${sha256.slice(
          0,
          80,
        )}"`,
      );
    }
    const key = sha256.toLowerCase();
    const fileName = referencedBlobs(artifact.manifest).get(key);
    if (!fileName) {
      throw new NotFoundError(
        `artifact ${id} does not reference blob ${key}; only the test logs, repair diffs and repair feedback in its manifest.pipeline download here (files: /v1/artifacts/${id}/files/<path>)`,
      );
    }
    const content = await auditedDownload(
      ctx,
      credentials,
      req,
      { artifactId: id, file: fileName },
      async () => {
        const blob = await ctx.store.getBlob(key);
        if (!blob) {
          throw new NotFoundError(
            `artifact ${id} references blob ${key} (${fileName}), but QuantumDrop has no such blob`,
          );
        }
        return blob;
      },
    );
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.send(content);
  });
}
