import { JsonLineChild } from '../../process/json-line-child';
import { CheckerPool, CheckerPoolSettings } from './checker-pool';
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
// nothing is executed. CPython's code generator is super-linear on some
// inputs (140 KB of `def f(): pass` lines: 2 s, 488 KB: 48 s), which is why
// each process serves one check at a time and is killed past its limit.
// Address space is capped at 1 GiB so a check fails with MemoryError
// before it can exhaust the host.
const SERVER = `
import json, sys, warnings
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
except (ImportError, ValueError, OSError):
    pass
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

interface PythonVerdict extends Partial<SourceDiagnostic> {
  path: string;
  ok: boolean;
}

type PythonRequest = { files: { path: string; content: string }[] };
type PythonAnswer = { results: PythonVerdict[] };

const position = (n: number | null | undefined) =>
  typeof n === 'number' && n > 0 ? n : undefined;

/**
 * Compiles Python files with the interpreter's own front end; errors carry
 * the line and (1-based) column Python reports. Checks run in a pool of
 * long-lived `python3` processes, one check per process at a time: spawning
 * an interpreter per check cost more than the checks (see
 * `yarn bench:workflow`).
 */
export function createPythonChecker(settings: CheckerPoolSettings): {
  check: SyntaxChecker;
  pool: CheckerPool<PythonRequest, PythonAnswer>;
} {
  const pool = new CheckerPool<PythonRequest, PythonAnswer>(
    'the python3 syntax check',
    settings,
    () => {
      const child = new JsonLineChild('python3 syntax checker', 'python3', [
        '-I',
        '-S',
        '-u',
        '-c',
        SERVER,
      ]);
      return {
        run: request => child.request<PythonAnswer>(request),
        kill: reason => child.kill(reason),
      };
    },
  );
  const check: SyntaxChecker = async (_dir, files) => {
    if (files.length === 0) return [];
    let answer: PythonAnswer;
    try {
      answer = await pool.run({ files });
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
  return { check, pool };
}
