import { runProcess } from '../../sandbox/run-process';
import type { SyntaxChecker } from './types';

const SCRIPT = `
import ast, json, sys
out = []
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as fh:
            ast.parse(fh.read(), path)
        out.append({"path": path, "ok": True})
    except SyntaxError as e:
        out.append({"path": path, "ok": False, "message": "line %s: %s" % (e.lineno, e.msg)})
print(json.dumps(out))
`;

/** Parses every Python file with the interpreter's own `ast` module. */
export const checkPythonSyntax: SyntaxChecker = async (dir, files) => {
  if (files.length === 0) return [];
  const result = await runProcess({
    command: 'python3',
    // -I -S: no site packages or user env needed to parse, and a faster start.
    args: ['-I', '-S', '-c', SCRIPT, ...files.map(f => f.path)],
    cwd: dir,
    timeoutMs: 30_000,
  });
  if (result.exitCode !== 0) {
    throw new Error(`python3 syntax check failed: ${result.stderr.slice(0, 500)}`);
  }
  return JSON.parse(result.stdout) as Awaited<ReturnType<SyntaxChecker>>;
};
