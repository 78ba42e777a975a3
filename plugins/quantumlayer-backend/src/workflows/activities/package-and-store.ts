import { ApplicationFailure } from '@temporalio/activity';
import type {
  GenerateRequest,
  PipelineRecord,
  StageRecord,
} from '@internal/backstage-plugin-quantumlayer-common';
import { ArtifactLimitError } from '../../artifacts/artifact-store';
import type { ActivityDeps, FileRef } from './types';

/** Stage 12: store the artifact manifest in QuantumDrop and index it for retrieval. */
export const createPackageAndStore = (deps: ActivityDeps) =>
  async function packageAndStore(input: {
    workflowId: string;
    request: GenerateRequest;
    provider: string;
    model: string;
    testsPassed: boolean | null;
    /** Absent in inputs recorded before the flag existed. */
    offlineTemplate?: boolean;
    stages: StageRecord[];
    files: FileRef[];
    pipeline: PipelineRecord;
  }): Promise<{ artifactId: string; totalSize: number }> {
    try {
      const stored = await deps.store.putArtifact({
        workflowId: input.workflowId,
        request: input.request,
        provider: input.provider,
        model: input.model,
        testsPassed: input.testsPassed,
        offlineTemplate: input.offlineTemplate ?? false,
        stages: input.stages.map(s => ({
          stage: s.stage,
          status: s.status,
          detail: s.detail,
        })),
        files: input.files,
        createdAt: new Date().toISOString(),
        pipeline: input.pipeline,
      });
      await deps.index.add({
        artifactId: stored.id,
        language: input.request.language,
        type: input.request.type,
        projectName: input.request.requirements.project_name,
        text: `${input.request.type} ${input.request.prompt}`,
      });
      return { artifactId: stored.id, totalSize: stored.totalSize };
    } catch (error) {
      if (error instanceof ArtifactLimitError) {
        throw ApplicationFailure.nonRetryable(
          error.message,
          'ArtifactLimitError',
        );
      }
      throw error;
    }
  };
