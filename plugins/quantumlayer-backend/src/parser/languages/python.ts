import { JsonLineChild } from '../../sandbox/json-line-child';
import {
  CheckerUnavailableError,
  failed,
  isMissingCommand,
  SourceDiagnostic,
  SyntaxChecker,
} from './types';

// Reads one JSON request per line, answers one JSON line: no site packages
// (-S), no user environment (-I), unbuffered (-u). `compile` runs the
// interpreter's whole front end (parser and symbol table, as
// `python3 -m py_compile` does), so `return` outside a function fails too;
// nothing is executed.
const SERVER = `
import json, sys, warnings
warnings.simplefilter("ignore")
for line in sys.stdin:
    req = json.loads(line)
    out = []
    for f in req["files"]:
        try:
            compile(f["content"], f["path"], "exec", dont_inherit=True)
            out.append({"path": f["path"], "ok": True})
        except SyntaxError as e:
            out.append({"path": f["path"], "ok": False, "line": e.lineno, "column": e.offset, "message": e.msg})
        except (ValueError, RecursionError, MemoryError, OverflowError) as e:
            out.append({"path": f["path"], "ok": False, "message": str(e) or type(e).__name__})
    sys.stdout.write(json.dumps({"id": req["id"], "results": out}) + "\\n")
    sys.stdout.flush()
`;

/**
 * One long-lived `python3` checks files: spawning an interpreter per check
 * cost more than the checks (see `yarn bench:workflow`).
 */
const server = new JsonLineChild('python3 syntax checker', 'python3', [
  '-I',
  '-S',
  '-u',
  '-c',
  SERVER,
]);

interface PythonVerdict extends Partial<SourceDiagnostic> {
  path: string;
  ok: boolean;
}

const position = (n: number | null | undefined) =>
  typeof n === 'number' && n > 0 ? n : undefined;

/**
 * Compiles every Python file with the interpreter's own front end; errors
 * carry the line and (1-based) column Python reports.
 */
export const checkPythonSyntax: SyntaxChecker = async (_dir, files) => {
  if (files.length === 0) return [];
  let answer: { results: PythonVerdict[] };
  try {
    answer = await server.request<{ results: PythonVerdict[] }>(
      { files },
      30_000,
    );
  } catch (error) {
    if (isMissingCommand(error)) {
      throw new CheckerUnavailableError('python3 is not on PATH');
    }
    throw error;
  }
  return answer.results.map(r =>
    r.ok
      ? { path: r.path, ok: true }
      : failed(r.path, [
          {
            line: position(r.line),
            column: position(r.column),
            message: r.message ?? 'syntax error',
          },
        ]),
  );
};
