import { InputError, NotFoundError } from '@backstage/errors';
import type Router from 'express-promise-router';
import { quantumlayerArtifactReadPermission } from '@internal/backstage-plugin-quantumlayer-common';
import type { Request } from 'express';
import type { ArtifactManifest } from '../../artifacts/artifact-store';
import { authorizeRun, RouteContext } from './context';

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
  /**
   * The artifact, once the caller may read the run that made it
   * (`quantumlayer.artifact.read` on its workflow id); 404 when unknown.
   */
  const readable = async (req: Request, id: string) => {
    await ctx.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const artifact = await ctx.store.getArtifact(id);
    if (!artifact) throw new NotFoundError(`artifact ${id} not found`);
    await authorizeRun(
      ctx,
      req,
      quantumlayerArtifactReadPermission,
      artifact.workflowId,
    );
    return artifact;
  };

  /** Downloads are audited (`artifact-download`): which artifact and which file, never the bytes. */
  const audited = async (
    req: Request,
    meta: { artifactId: string; file: string },
    send: () => Promise<void>,
  ) => {
    const event = await ctx.auditor?.createEvent({
      eventId: 'artifact-download',
      severityLevel: 'low',
      request: req,
      meta,
    });
    try {
      await send();
      await event?.success();
    } catch (error) {
      await event?.fail({ error: error as Error });
      throw error;
    }
  };

  router.get('/v1/artifacts/:id', async (req, res) => {
    const artifact = await readable(req, req.params.id);
    res.json({
      id: artifact.id,
      workflow_id: artifact.workflowId,
      total_size: artifact.totalSize,
      manifest: artifact.manifest,
    });
  });

  router.get('/v1/artifacts/:id/files/*', async (req, res) => {
    await readable(req, req.params.id);
    const filePath = (req.params as Record<string, string>)[0];
    await audited(
      req,
      { artifactId: req.params.id, file: filePath },
      async () => {
        const content = await ctx.store.getArtifactFile(
          req.params.id,
          filePath,
        );
        if (!content) {
          throw new NotFoundError(
            `artifact ${req.params.id} has no file ${filePath}`,
          );
        }
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader(
          'Content-Disposition',
          `attachment; filename="${filePath.split('/').pop()}"`,
        );
        res.send(content);
      },
    );
  });

  // Blobs are content-addressed and shared between runs, so a key alone
  // proves nothing: only what this artifact's own manifest references is
  // served, under the permission that reads the artifact.
  router.get('/v1/artifacts/:id/blobs/:sha256', async (req, res) => {
    const { id, sha256 } = req.params;
    const artifact = await readable(req, id);
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
    await audited(req, { artifactId: id, file: fileName }, async () => {
      const content = await ctx.store.getBlob(key);
      if (!content) {
        throw new NotFoundError(
          `artifact ${id} references blob ${key} (${fileName}), but QuantumDrop has no such blob`,
        );
      }
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${fileName}"`,
      );
      res.send(content);
    });
  });
}
