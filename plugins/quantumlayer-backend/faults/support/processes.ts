import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import net from 'net';
import path from 'path';
import { waitFor } from './load';

/** True once something accepts TCP connections on 127.0.0.1:`port`. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * A child process whose output is kept (the last 64 KiB) so a test can wait
 * for a line and show the tail when something goes wrong.
 */
export class Child {
  readonly process: ChildProcess;
  private output = '';
  private readonly exited: Promise<void>;

  constructor(command: string, args: string[], options: SpawnOptions = {}) {
    this.process = spawn(command, args, {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString('utf8')).slice(-65536);
    };
    this.process.stdout!.on('data', keep);
    this.process.stderr!.on('data', keep);
    this.exited = new Promise(resolve =>
      this.process.once('exit', () => resolve()),
    );
  }

  get pid() {
    return this.process.pid!;
  }

  get running() {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  get log() {
    return this.output;
  }

  async waitForOutput(pattern: RegExp, what: string, timeoutMs = 60_000) {
    try {
      await waitFor(
        () => {
          if (!this.running && !pattern.test(this.output))
            throw new Error(`${what}: the process exited first`);
          return pattern.test(this.output);
        },
        what,
        timeoutMs,
      );
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n--- output ---\n${this.output.slice(
          -4000,
        )}`,
      );
    }
  }

  /** Sends `signal` to this process only (by its pid) and waits for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL') {
    if (!this.running) return;
    this.process.kill(signal);
    await this.exited;
  }
}

/** Root of the repository (where `node --require …nodeTransform.cjs` resolves). */
const REPO_ROOT = path.resolve(__dirname, '../../../..');

/**
 * A TypeScript entry file under faults/support (`node --require
 * …nodeTransform.cjs <entry> ...args`) as its own Node process, run from the
 * repository root with `env` added to this process's environment.
 */
export function tsChild(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
) {
  return new Child(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, entry),
      ...args,
    ],
    { cwd: REPO_ROOT, env: { ...process.env, ...env } },
  );
}

/**
 * A Temporal dev server on a fixed loopback port with its state in a SQLite
 * file, so it can be killed and started again on the same port with the same
 * history (`temporal server start-dev --db-filename`).
 */
export class TemporalDevServer {
  private child?: Child;

  constructor(
    private readonly cli: string,
    readonly port: number,
    private readonly dbFile: string,
  ) {}

  get address() {
    return `127.0.0.1:${this.port}`;
  }

  async start() {
    this.child = new Child(this.cli, [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(this.port),
      '--db-filename',
      this.dbFile,
      '--namespace',
      'default',
      '--search-attribute',
      'CodegenStage=Keyword',
      '--search-attribute',
      'QuantumlayerOwner=Keyword',
      '--search-attribute',
      'QuantumlayerGroup=Keyword',
      '--log-level',
      'error',
      '--dynamic-config-value',
      'frontend.enableServerVersionCheck=false',
    ]);
    await waitFor(
      async () => {
        if (!this.child!.running)
          throw new Error(`temporal dev server exited:\n${this.child!.log}`);
        return portOpen(this.port);
      },
      `the Temporal dev server on ${this.port}`,
      60_000,
    );
  }

  /** Kills the server outright (SIGKILL): a crash, not a shutdown. */
  async kill() {
    await this.child?.kill('SIGKILL');
  }
}
