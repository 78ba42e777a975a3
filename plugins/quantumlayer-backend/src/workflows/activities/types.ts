import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ArtifactStore } from '../../artifacts/artifact-store';
import type { VectorIndex } from '../../artifacts/vector-index';
import type { LlmRouterClient } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { SyntaxCheckers } from '../../parser/languages';
import type { PromptStore } from '../../prompts/prompt-store';
import type { Sandbox } from '../../sandbox/sandbox';

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
  router: LlmRouterClient;
  prompts: PromptStore;
  logger: LoggerService;
  /** Limits of the test subprocess. */
  testRun: { timeoutMs: number; maxOutputBytes: number };
  /** Where tests run (`quantumlayer.sandbox`); default: the default sandbox. */
  sandbox?: Sandbox;
  /** Calls per agent step before a malformed answer fails the run (default 2). */
  agentAttempts?: number;
  /** The syntax checkers' pools (`quantumlayer.parser`); default: the process's. */
  checkers?: SyntaxCheckers;
}
