import { NotFoundError } from '@backstage/errors';
import type Router from 'express-promise-router';
import { quantumlayerWorkflowReadPermission } from '@internal/backstage-plugin-quantumlayer-common';
import { authorize, RouteContext } from './context';

/** QuantumDrop downloads: an artifact's manifest and each of its files. */
export function addArtifactRoutes(
  router: ReturnType<typeof Router>,
  ctx: RouteContext,
) {
  router.get('/v1/artifacts/:id', async (req, res) => {
    await authorize(ctx, req, quantumlayerWorkflowReadPermission);
    const artifact = await ctx.store.getArtifact(req.params.id);
    if (!artifact)
      throw new NotFoundError(`artifact ${req.params.id} not found`);
    res.json({
      id: artifact.id,
      workflow_id: artifact.workflowId,
      total_size: artifact.totalSize,
      manifest: artifact.manifest,
    });
  });

  router.get('/v1/artifacts/:id/files/*', async (req, res) => {
    await authorize(ctx, req, quantumlayerWorkflowReadPermission);
    const filePath = (req.params as Record<string, string>)[0];
    const content = await ctx.store.getArtifactFile(req.params.id, filePath);
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
  });
}
