import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { Request } from 'express';
import { quantumlayerArtifactReadPermission } from '@internal/backstage-plugin-quantumlayer-common';
import type {
  ArtifactStore,
  StoredArtifact,
} from '../../artifacts/artifact-store';
import { unsafePathReason } from '../../parser/safe-path';
import { openAudit } from './audit';
import { requireCaller } from '@internal/backstage-plugin-quantumlayer-node';
import { requireRunPermission } from './authorize';

/** What the artifact operations need. */
export interface ArtifactOperationsContext {
  permissions: PermissionsService;
  store: ArtifactStore;
  auditor?: AuditorService;
}

/**
 * The artifact, once the caller may read the run that made it
 * (`quantumlayer.artifact.read` on its workflow id); NotFoundError when
 * unknown.
 */
export async function readableArtifact(
  ctx: ArtifactOperationsContext,
  credentials: BackstageCredentials,
  artifactId: string,
): Promise<StoredArtifact> {
  requireCaller(credentials);
  const artifact = await ctx.store.getArtifact(artifactId);
  if (!artifact) throw new NotFoundError(`artifact ${artifactId} not found`);
  await requireRunPermission(
    ctx.permissions,
    credentials,
    quantumlayerArtifactReadPermission,
    artifact.workflowId,
  );
  return artifact;
}

/**
 * Runs a download under its `artifact-download` audit event: which artifact
 * and which file, never the bytes.
 */
export async function auditedDownload<T>(
  ctx: Pick<ArtifactOperationsContext, 'auditor'>,
  credentials: BackstageCredentials,
  request: Request | undefined,
  meta: { artifactId: string; file: string },
  send: () => Promise<T>,
): Promise<T> {
  const event = await openAudit(ctx.auditor, credentials, request, {
    eventId: 'artifact-download',
    severityLevel: 'low',
    meta,
  });
  try {
    const result = await send();
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}

/**
 * One file of an artifact the caller may read, by its path in the
 * manifest. The path is checked first (relative, no `..`, no backslash or
 * NUL): InputError naming what is wrong. Audited as `artifact-download`.
 */
export async function readArtifactFile(
  ctx: ArtifactOperationsContext,
  credentials: BackstageCredentials,
  artifactId: string,
  filePath: string,
  request?: Request,
): Promise<{ artifact: StoredArtifact; content: Buffer }> {
  const unsafe = unsafePathReason(filePath);
  if (unsafe) {
    throw new InputError(
      `path "${filePath.slice(
        0,
        200,
      )}" ${unsafe}; use a path from the artifact's file list`,
    );
  }
  const artifact = await readableArtifact(ctx, credentials, artifactId);
  const content = await auditedDownload(
    ctx,
    credentials,
    request,
    { artifactId, file: filePath },
    async () => {
      const bytes = await ctx.store.getArtifactFile(artifactId, filePath);
      if (!bytes) {
        throw new NotFoundError(
          `artifact ${artifactId} has no file ${filePath}`,
        );
      }
      return bytes;
    },
  );
  return { artifact, content };
}
