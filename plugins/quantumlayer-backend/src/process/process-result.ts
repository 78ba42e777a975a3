/** What a finished (or killed) process left behind. */
export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** True when output beyond `maxOutputBytes` was dropped. */
  truncated: boolean;
  durationMs: number;
}
