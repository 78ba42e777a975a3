/** One error a parser reported, positioned where the tool says (1-based). */
export interface SourceDiagnostic {
  line?: number;
  column?: number;
  message: string;
}

/** Verdict of a syntax check over one file. */
export interface SyntaxDiagnostic {
  path: string;
  ok: boolean;
  /** The first error as `line N: message`, when not ok. */
  message?: string;
  /** Every error the parser reported (capped), when not ok. */
  diagnostics?: SourceDiagnostic[];
}

/**
 * A per-language syntax checker over files already on disk in `dir`: one
 * verdict per file, in the order given.
 */
export type SyntaxChecker = (
  dir: string,
  files: { path: string; content: string }[],
) => Promise<SyntaxDiagnostic[]>;

/** At most this many errors are kept per file. */
export const MAX_DIAGNOSTICS_PER_FILE = 20;

/** Thrown when a checker's tool (python3, gofmt) is not on this machine. */
export class CheckerUnavailableError extends Error {
  name = 'CheckerUnavailableError';
}

/**
 * Thrown when a check cannot start: every worker is busy and the queue is
 * full, or no worker became free in time. Nothing was checked; try again.
 */
export class CheckerBusyError extends Error {
  name = 'CheckerBusyError';
}

/**
 * Thrown when one check ran past its time limit. The worker serving it was
 * stopped and replaced; no other check failed.
 */
export class CheckerTimeoutError extends Error {
  name = 'CheckerTimeoutError';
}

/** The failed verdict for `path`: `message` names the first error's line. */
export function failed(
  path: string,
  diagnostics: SourceDiagnostic[],
): SyntaxDiagnostic {
  const kept = diagnostics.length
    ? diagnostics.slice(0, MAX_DIAGNOSTICS_PER_FILE)
    : [{ message: 'syntax error' }];
  const first = kept[0];
  const message =
    first.line === undefined
      ? first.message
      : `line ${first.line}: ${first.message}`;
  return { path, ok: false, message: message.slice(0, 500), diagnostics: kept };
}

/** Whether a spawn failed because the command is missing. */
export function isMissingCommand(error: unknown): boolean {
  return /ENOENT|No such file or directory/.test(String(error));
}
