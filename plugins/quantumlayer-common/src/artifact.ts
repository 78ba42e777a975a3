import type { OfflineTemplateFlag } from './offline-template';
import type { PipelineRecord } from './pipeline';
import type { StageRecord } from './progress';
import type { GenerateRequest } from './request';

/**
 * A file of an artifact, as its manifest lists it: the path and the blob
 * (by SHA-256) that holds its bytes.
 *
 * @public
 */
export interface ArtifactFile {
  path: string;
  size: number;
  sha256: string;
}

/**
 * What an artifact records about the run that made it; `offlineTemplate`
 * says the offline template answered and the files do not implement the
 * prompt (absent in manifests stored before the flag existed).
 *
 * @public
 */
export interface ArtifactManifest extends OfflineTemplateFlag {
  workflowId: string;
  provider: string;
  model: string;
  testsPassed: boolean | null;
  stages: Pick<StageRecord, 'stage' | 'status' | 'detail'>[];
  files: ArtifactFile[];
  createdAt: string;
  /** The request as the run received it. */
  request?: GenerateRequest;
  /** Plan, prompt versions, parse verdicts, tests, repairs, review, usage. */
  pipeline?: PipelineRecord;
}

/**
 * The answer of `GET /v1/artifacts/:id`: the one wire type of an artifact,
 * which the backend answers and the frontend and scaffolder clients read.
 *
 * @public
 */
export interface Artifact {
  id: string;
  workflow_id: string;
  total_size: number;
  manifest: ArtifactManifest;
}
