/**
 * What a generate-extended run decided at each step, recorded in the
 * artifact manifest so a run can be audited and reproduced.
 */

/** A prompt template version an agent used. @public */
export interface PromptVersionRecord {
  id: string;
  version: number;
}

/** A file's syntax verdict. @public */
export interface FileVerdictRecord {
  path: string;
  verdict: 'valid' | 'invalid' | 'unvalidated';
  message?: string;
}

/** One test case's outcome in the sandbox. @public */
export interface TestCaseRecord {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
}

/** A sandboxed test run. @public */
export interface TestRunRecord {
  passed: boolean;
  /** False when the sandbox was unavailable and tests ran with rlimits only. */
  isolated: boolean;
  /**
   * Set when the tests did not run, saying why (isolation is required and
   * bubblewrap is unavailable); `passed` is then false and `testsPassed`
   * of the run null.
   */
  skipped?: string;
  timedOut: boolean;
  exitCode: number | null;
  summary: string;
  cases: TestCaseRecord[];
  /** QuantumDrop key of the full log. */
  logKey: string;
  durationMs: number;
}

/** One iteration of the repair loop. @public */
export interface RepairIterationRecord {
  iteration: number;
  /** What the coder was told: QuantumDrop key of the feedback text. */
  feedbackKey: string;
  /** The unified diff from the previous attempt's sources. */
  diff: {
    diffKey: string;
    filesChanged: number;
    additions: number;
    deletions: number;
  };
  parse: { ok: boolean; problems: string[]; verdicts: FileVerdictRecord[] };
  tests: TestRunRecord | null;
  tokens: number;
}

/** One review finding. @public */
export interface ReviewFindingRecord {
  severity: 'info' | 'minor' | 'major' | 'critical';
  file: string;
  line?: number;
  message: string;
  source?: 'agent' | 'static';
  rule?: string;
}

/** Tokens and money a run spent, and its budget. @public */
export interface RunUsageRecord {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  budget: { maxTokens?: number; maxCostUsd?: number };
}

/** State of the optional approval gate after review. @public */
export interface ApprovalRecord {
  status: 'awaiting' | 'approved' | 'rejected' | 'timed_out';
  /** When the gate closes by itself (ISO time). */
  deadline: string;
  by?: string;
  reason?: string;
  decidedAt?: string;
}

/** Everything the pipeline decided, in the artifact manifest. @public */
export interface PipelineRecord {
  plan: {
    approach: string;
    files: { path: string; purpose: string }[];
    interfaces: { name: string; signature: string; description: string }[];
  };
  prompts: Record<string, PromptVersionRecord>;
  parse: { sources: FileVerdictRecord[]; tests: FileVerdictRecord[] };
  tests: TestRunRecord | null;
  repairs: RepairIterationRecord[];
  review: ReviewFindingRecord[];
  usage: RunUsageRecord;
  approval: ApprovalRecord | null;
}

/** A finding on one line, for results and task logs: `[major] app.py:12 message`. @public */
export function describeFinding(f: ReviewFindingRecord): string {
  const where = f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : '';
  return `[${f.severity}]${where} ${f.message}`;
}
