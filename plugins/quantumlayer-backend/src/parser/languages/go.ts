import { ProcessResult, runProcess } from '../../process/run-process';
import { CheckerPool, CheckerPoolSettings } from './checker-pool';
import {
  CheckerTimeoutError,
  CheckerUnavailableError,
  failed,
  isMissingCommand,
  SourceDiagnostic,
  SyntaxChecker,
} from './types';

const POSITION = /^(\d+):(\d+): (.*)$/;

/**
 * Sorts gofmt's `path:line:col: message` lines by file (longest path first,
 * so `a.go` never claims `a.go.go`'s lines); repeats are dropped.
 */
function diagnosticsByPath(
  stderr: string,
  paths: string[],
): { byPath: Map<string, SourceDiagnostic[]>; other: string[] } {
  const byPath = new Map<string, SourceDiagnostic[]>();
  const other: string[] = [];
  const longestFirst = [...paths].sort((a, b) => b.length - a.length);
  const seen = new Set<string>();
  for (const line of stderr.split('\n')) {
    if (!line.trim() || seen.has(line)) continue;
    seen.add(line);
    const path = longestFirst.find(p => line.startsWith(`${p}:`));
    const at = path ? POSITION.exec(line.slice(path.length + 1)) : null;
    if (path && at) {
      const list = byPath.get(path) ?? [];
      list.push({ line: Number(at[1]), column: Number(at[2]), message: at[3] });
      byPath.set(path, list);
    } else {
      other.push(line);
    }
  }
  return { byPath, other };
}

type GofmtRequest = { dir: string; paths: string[] };

/**
 * Parses Go files in `dir` with one `gofmt -e` run, which reports every
 * syntax error with its line and (1-based, byte) column. Runs are pooled
 * like the other checkers: at most `size` at once, each killed (its process
 * group) past the time limit.
 */
export function createGoChecker(settings: CheckerPoolSettings): {
  check: SyntaxChecker;
  pool: CheckerPool<GofmtRequest, ProcessResult>;
} {
  const pool = new CheckerPool<GofmtRequest, ProcessResult>(
    'the gofmt syntax check',
    settings,
    () => {
      const abort = new AbortController();
      return {
        run: ({ dir, paths }) =>
          runProcess({
            command: 'gofmt',
            args: ['-e', '-l', '--', ...paths],
            cwd: dir,
            // The pool's limit applies first; this one only backs it up.
            timeoutMs: settings.timeoutMs + 1000,
            signal: abort.signal,
          }),
        kill: reason => abort.abort(reason),
      };
    },
  );
  const check: SyntaxChecker = async (dir, files) => {
    if (files.length === 0) return [];
    const paths = files.map(f => f.path);
    let r: ProcessResult;
    try {
      r = await pool.run({ dir, paths });
    } catch (error) {
      if (isMissingCommand(error)) {
        throw new CheckerUnavailableError('gofmt is not on PATH');
      }
      throw error;
    }
    if (r.timedOut) {
      throw new CheckerTimeoutError(
        `gofmt gave no answer in ${settings.timeoutMs} ms`,
      );
    }
    const { byPath, other } = diagnosticsByPath(r.stderr, paths);
    if (r.exitCode !== 0 && byPath.size === 0) {
      throw new Error(
        `gofmt failed (exit ${r.exitCode}): ${
          other.join('\n').slice(0, 500) || 'no output'
        }`,
      );
    }
    return paths.map(path => {
      const errors = byPath.get(path);
      return errors ? failed(path, errors) : { path, ok: true };
    });
  };
  return { check, pool };
}
