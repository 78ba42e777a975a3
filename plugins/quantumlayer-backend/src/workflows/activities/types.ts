import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ArtifactStore } from '../../artifacts/artifact-store';
import type { VectorIndex } from '../../artifacts/vector-index';
import type { LlmRouter } from '../../llm/llm-router';
import type { PromptRegistry } from '../../prompts/prompt-registry';

/** A file passed between activities by reference: its bytes live in QuantumDrop. */
export interface FileRef {
  path: string;
  sha256: string;
  size: number;
}

/** What every activity may use; injected once by `createActivities`. */
export interface ActivityDeps {
  store: ArtifactStore;
  index: VectorIndex;
  router: LlmRouter;
  prompts: PromptRegistry;
  logger: LoggerService;
  /** Limits of the test subprocess. */
  testRun: { timeoutMs: number; maxOutputBytes: number };
}
