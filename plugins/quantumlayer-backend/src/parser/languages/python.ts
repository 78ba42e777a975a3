import { JsonLineChild } from '../../sandbox/json-line-child';
import type { SyntaxChecker, SyntaxDiagnostic } from './types';

// Reads one JSON request per line, answers one JSON line: no site packages
// (-S), no user environment (-I), unbuffered (-u).
const SERVER = `
import ast, json, sys
for line in sys.stdin:
    req = json.loads(line)
    out = []
    for f in req["files"]:
        try:
            ast.parse(f["content"], f["path"])
            out.append({"path": f["path"], "ok": True})
        except SyntaxError as e:
            out.append({"path": f["path"], "ok": False, "message": "line %s: %s" % (e.lineno, e.msg)})
        except ValueError as e:
            out.append({"path": f["path"], "ok": False, "message": str(e)})
    sys.stdout.write(json.dumps({"id": req["id"], "results": out}) + "\\n")
    sys.stdout.flush()
`;

/**
 * One long-lived `python3` parses files with the interpreter's own `ast`
 * module: spawning an interpreter per check cost more than the checks (see
 * `yarn bench:workflow`).
 */
const server = new JsonLineChild('python3 syntax checker', 'python3', [
  '-I',
  '-S',
  '-u',
  '-c',
  SERVER,
]);

/** Parses every Python file with the interpreter's own `ast` module. */
export const checkPythonSyntax: SyntaxChecker = async (_dir, files) => {
  if (files.length === 0) return [];
  const answer = await server.request<{ results: SyntaxDiagnostic[] }>(
    { files },
    30_000,
  );
  return answer.results;
};
