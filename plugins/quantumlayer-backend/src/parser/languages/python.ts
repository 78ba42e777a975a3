import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import type { Socket } from 'net';
import type { SyntaxChecker, SyntaxDiagnostic } from './types';

/** Child stdio pipes are sockets: they can stop holding the event loop open. */
const pipe = (stream: unknown) => stream as Socket;

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

const TIMEOUT_MS = 30_000;

/**
 * One long-lived `python3` that parses files with the interpreter's own `ast`
 * module. Spawning an interpreter per check cost more than the checks (see
 * `yarn bench:workflow`); the process is restarted if it dies or stalls, and
 * holds the event loop open only while a check is pending.
 */
class PythonSyntaxServer {
  private child?: ChildProcessWithoutNullStreams;
  private buffer = '';
  private seq = 0;
  private readonly pending = new Map<
    number,
    {
      resolve(r: SyntaxDiagnostic[]): void;
      reject(e: Error): void;
      timer: NodeJS.Timeout;
    }
  >();

  check(
    files: { path: string; content: string }[],
  ): Promise<SyntaxDiagnostic[]> {
    const child = this.ensure();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.failAll(
          new Error(`python3 syntax check gave no answer in ${TIMEOUT_MS} ms`),
        );
        child.kill('SIGKILL');
      }, TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      pipe(child.stdout).ref();
      child.stdin.write(`${JSON.stringify({ id, files })}\n`);
    });
  }

  private ensure(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('python3', ['-I', '-S', '-u', '-c', SERVER], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    this.child = child;
    this.buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.resume();
    child.on('error', error => this.onExit(error));
    child.on('exit', code =>
      this.onExit(new Error(`python3 syntax checker exited with ${code}`)),
    );
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr])
      pipe(stream).unref();
    return child;
  }

  private onData(chunk: string) {
    this.buffer += chunk;
    for (
      let newline = this.buffer.indexOf('\n');
      newline >= 0;
      newline = this.buffer.indexOf('\n')
    ) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      const answer = JSON.parse(line) as {
        id: number;
        results: SyntaxDiagnostic[];
      };
      const waiter = this.pending.get(answer.id);
      if (!waiter) continue;
      clearTimeout(waiter.timer);
      this.pending.delete(answer.id);
      waiter.resolve(answer.results);
    }
    if (this.pending.size === 0 && this.child) pipe(this.child.stdout).unref();
  }

  private onExit(error: Error) {
    this.child = undefined;
    this.failAll(error);
  }

  private failAll(error: Error) {
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.pending.clear();
  }
}

const server = new PythonSyntaxServer();

/** Parses every Python file with the interpreter's own `ast` module. */
export const checkPythonSyntax: SyntaxChecker = async (_dir, files) =>
  files.length === 0 ? [] : server.check(files);
