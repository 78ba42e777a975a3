import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import type { Socket } from 'net';

/** Child stdio pipes are sockets: they can stop holding the event loop open. */
const pipe = (stream: unknown) => stream as Socket;

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

/**
 * A long-lived helper process spoken to in JSON lines: each request carries an
 * `id`, each answer names it. The process starts on first use, restarts after
 * it dies, and holds the event loop open only while a request is pending.
 */
export class JsonLineChild {
  private child?: ChildProcessWithoutNullStreams;
  private buffer = '';
  private seq = 0;
  private readonly pending = new Map<number, Waiter>();

  constructor(
    private readonly name: string,
    private readonly command: string,
    private readonly args: string[],
  ) {}

  /** The id of the latest request (set synchronously by `request`). */
  get lastId(): number {
    return this.seq;
  }

  /**
   * Sends `body` (plus an id) and resolves with the answer line. Past
   * `timeoutMs` the process is killed and every pending request fails; without
   * it the caller bounds the wait (and calls `kill`).
   */
  request<T>(body: object, timeoutMs?: number): Promise<T & { id: number }> {
    const child = this.ensure();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.failAll(
                new Error(`${this.name} gave no answer in ${timeoutMs} ms`),
              );
              child.kill('SIGKILL');
            }, timeoutMs);
      this.pending.set(id, {
        resolve: resolve as Waiter['resolve'],
        reject,
        timer,
      });
      pipe(child.stdout).ref();
      child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
    });
  }

  /** Kills the process now; pending requests fail with `reason`. The next request starts a new one. */
  kill(reason: Error): void {
    const child = this.child;
    this.child = undefined;
    this.failAll(reason);
    child?.kill('SIGKILL');
  }

  /** Sends a line that expects no answer (e.g. a cancellation). */
  notify(body: object): void {
    this.child?.stdin.write(`${JSON.stringify(body)}\n`);
  }

  private ensure(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(this.command, this.args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    this.child = child;
    this.buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.resume();
    child.on('error', error => this.onExit(child, error));
    child.on('exit', code =>
      this.onExit(child, new Error(`${this.name} exited with ${code}`)),
    );
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) {
      pipe(stream).unref();
    }
    return child;
  }

  private onData(chunk: string) {
    this.buffer += chunk;
    for (
      let newline = this.buffer.indexOf('\n');
      newline >= 0;
      newline = this.buffer.indexOf('\n')
    ) {
      const answer = JSON.parse(this.buffer.slice(0, newline)) as {
        id: number;
      };
      this.buffer = this.buffer.slice(newline + 1);
      const waiter = this.pending.get(answer.id);
      if (waiter) {
        clearTimeout(waiter.timer);
        this.pending.delete(answer.id);
        waiter.resolve(answer);
      }
    }
    if (this.pending.size === 0 && this.child) pipe(this.child.stdout).unref();
  }

  private onExit(child: ChildProcessWithoutNullStreams, error: Error) {
    if (this.child === child) this.child = undefined;
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
