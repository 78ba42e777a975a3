/** Verdict of a syntax check over one file. */
export interface SyntaxDiagnostic {
  path: string;
  ok: boolean;
  message?: string;
}

/** A per-language syntax checker over files already on disk in `dir`. */
export type SyntaxChecker = (
  dir: string,
  files: { path: string; content: string }[],
) => Promise<SyntaxDiagnostic[]>;
