import { ProcessResult, runProcess } from '../../sandbox/run-process';
import {
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

/**
 * Parses Go files in `dir` with one `gofmt -e` run, which reports every
 * syntax error with its line and (1-based, byte) column.
 */
export const checkGoSyntax: SyntaxChecker = async (dir, files) => {
  if (files.length === 0) return [];
  const paths = files.map(f => f.path);
  let r: ProcessResult;
  try {
    r = await runProcess({
      command: 'gofmt',
      args: ['-e', '-l', '--', ...paths],
      cwd: dir,
      timeoutMs: 30_000,
    });
  } catch (error) {
    if (isMissingCommand(error)) {
      throw new CheckerUnavailableError('gofmt is not on PATH');
    }
    throw error;
  }
  if (r.timedOut) throw new Error('gofmt gave no answer in 30000 ms');
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
