import { extractCodeBlocks } from './extract-code-blocks';
import {
  CheckedLanguage,
  CheckerUnavailableError,
  defaultSyntaxCheckers,
  detectLanguage,
  isCheckedLanguage,
  SourceDiagnostic,
  SyntaxCheckers,
  SyntaxDiagnostic,
} from './languages';
import { unsafePathReason } from './safe-path';
import { withTempFiles } from './temp-files';

/** At most this many files are checked per answer. */
export const MAX_PARSE_FILES = 200;

/** A file to check, as a client sends it. */
export interface SourceFile {
  path: string;
  content: string;
}

/**
 * Model output to parse: the answer's `text` (files in fenced blocks) or the
 * `files` themselves. `language` is the one the code was requested in; it
 * names a lone unnamed block (```` ``` ```` without a language) and is
 * otherwise a hint: each file's own language comes from its name, and a
 * language nothing checks never fails.
 */
export type ParseModelOutputInput = { language: string } & (
  | { text: string; files?: undefined }
  | { files: SourceFile[]; text?: undefined }
);

/** `valid`/`invalid` say what a real parser said; `unvalidated` means none ran. */
export type ParseVerdict = 'valid' | 'invalid' | 'unvalidated';

/** One file of the answer with its verdict. */
export interface ParsedFile {
  path: string;
  /** From the file name: `python`, `typescript`, `javascript`, `go`, `markdown`, `text`, … */
  language: string;
  /** UTF-8 bytes. */
  size: number;
  verdict: ParseVerdict;
  /** The parser's errors (empty unless `invalid`), 1-based positions. */
  diagnostics: SourceDiagnostic[];
  /** The front end that gave the verdict, for `valid` and `invalid`. */
  checker?: string;
  /** Why the file is `unvalidated`. */
  note?: string;
  content: string;
}

/** The answer's files with verdicts; `problems` says, one line each, what is wrong. */
export interface ParseModelOutputResult {
  /** No problems: every path is safe and no file is `invalid`. */
  ok: boolean;
  files: ParsedFile[];
  /** Rejected paths, a missing or oversized answer and each invalid file's first error. */
  problems: string[];
}

/** `line 3, column 5: message`, as a problem line. */
function firstError(d: SourceDiagnostic | undefined): string {
  if (!d) return 'syntax error';
  if (d.line === undefined) return d.message;
  return `line ${d.line}${d.column ? `, column ${d.column}` : ''}: ${
    d.message
  }`;
}

interface Candidate extends SourceFile {
  fenceLanguage: string;
}

function candidatesOf(input: ParseModelOutputInput): Candidate[] {
  if (input.files !== undefined) {
    return input.files.map(f => ({ ...f, fenceLanguage: '' }));
  }
  return extractCodeBlocks(input.text, {
    defaultLanguage: input.language,
  }).map(f => ({ path: f.path, content: f.content, fenceLanguage: f.lang }));
}

/** Runs one language's checker; Go's reads flat temp copies of the files. */
async function checkLanguage(
  checkers: SyntaxCheckers,
  language: CheckedLanguage,
  files: SourceFile[],
): Promise<SyntaxDiagnostic[]> {
  const checker = checkers.for(language);
  if (!checker.needsFiles) return checker.check('', files);
  const named = files.map((f, i) => ({ name: `f${i}.go`, content: f.content }));
  const results = await withTempFiles(named, dir =>
    checker.check(
      dir,
      named.map(f => ({ path: f.name, content: f.content })),
    ),
  );
  return results.map((r, i) => ({ ...r, path: files[i].path }));
}

/**
 * Extracts the files of a model answer (or takes them as given), rejects
 * unsafe paths, detects each file's language from its name and syntax-checks
 * python, typescript, javascript and go with a real parser. Other files are
 * `unvalidated`, as is code whose checker's tool is missing from the machine.
 * A repeated path keeps its last content. Throws only when a checker fails:
 * CheckerBusyError (its pool's queue is full), CheckerTimeoutError (this
 * check ran past the limit; no other check is affected) or a crash; never
 * for what the answer contains. Checks run in `checkers`' pools (default:
 * the process's, with default settings), never on the event loop; what runs
 * here (block extraction, path and language rules) is linear in the input.
 */
export async function parseModelOutput(
  input: ParseModelOutputInput,
  options: { maxFiles?: number; checkers?: SyntaxCheckers } = {},
): Promise<ParseModelOutputResult> {
  const maxFiles = options.maxFiles ?? MAX_PARSE_FILES;
  const checkers = options.checkers ?? defaultSyntaxCheckers();
  const problems: string[] = [];
  const candidates = candidatesOf(input);
  if (candidates.length === 0) {
    problems.push(
      input.files
        ? 'no files were given'
        : 'the answer contained no fenced code blocks with files',
    );
  }
  const byPath = new Map<string, Candidate>();
  for (const file of candidates) {
    const reason = unsafePathReason(file.path);
    if (reason) problems.push(`${file.path || '(empty path)'}: path ${reason}`);
    else byPath.set(file.path, file);
  }
  if (byPath.size > maxFiles) {
    problems.push(
      `the answer has ${byPath.size} files; at most ${maxFiles} are checked`,
    );
    return { ok: false, files: [], problems };
  }

  const files: ParsedFile[] = [...byPath.values()].map(f => ({
    path: f.path,
    language: detectLanguage(f.path, f.fenceLanguage),
    size: Buffer.byteLength(f.content),
    verdict: 'unvalidated',
    diagnostics: [],
    content: f.content,
  }));
  const groups = new Map<CheckedLanguage, ParsedFile[]>();
  for (const file of files) {
    if (isCheckedLanguage(file.language)) {
      const group = groups.get(file.language) ?? [];
      group.push(file);
      groups.set(file.language, group);
    } else {
      file.note = `not syntax-checked: no parser for ${file.language}`;
    }
  }
  await Promise.all(
    [...groups].map(async ([language, group]) => {
      let results: SyntaxDiagnostic[];
      try {
        results = await checkLanguage(checkers, language, group);
      } catch (error) {
        if (!(error instanceof CheckerUnavailableError)) throw error;
        for (const file of group) {
          file.note = `not syntax-checked: ${error.message}`;
        }
        return;
      }
      group.forEach((file, i) => {
        const result = results[i];
        file.checker = checkers.for(language).name;
        file.verdict = result.ok ? 'valid' : 'invalid';
        file.diagnostics = result.ok ? [] : result.diagnostics ?? [];
      });
    }),
  );
  for (const file of files) {
    if (file.verdict === 'invalid') {
      problems.push(`${file.path}: ${firstError(file.diagnostics[0])}`);
    }
  }
  return { ok: problems.length === 0, files, problems };
}
