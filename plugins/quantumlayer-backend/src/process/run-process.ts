import { spawn } from 'child_process';
import { launch } from './process-launcher';
import type { ProcessResult } from './process-result';

export type { ProcessResult } from './process-result';

/** Variables a child may inherit; everything else (keys, tokens) stays behind. */
const SAFE_ENV = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'TMPDIR',
  'GOCACHE',
  'GOPATH',
  'GOROOT',
];

type RunOptions = {
  command: string;
  args: string[];
  cwd: string;
  timeoutMs: number;
  maxOutputBytes?: number;
  env?: Record<string, string>;
  /**
   * False: the child gets `env` only, none of the host's variables (the
   * sandbox, whose launcher's environment its code could read).
   */
  inheritEnv?: boolean;
  signal?: AbortSignal;
};

let launcherUsable = true;

/**
 * Runs a command with a wall-clock timeout, a cap on captured output and a
 * scrubbed environment; the whole process group is killed on timeout or
 * abort. Commands start from the small launcher process when python3 is
 * there, else directly from this process.
 */
export async function runProcess(options: RunOptions): Promise<ProcessResult> {
  const env =
    options.inheritEnv === false
      ? { ...options.env }
      : scrubbedEnv(options.env);
  const maxOutputBytes = options.maxOutputBytes ?? 256 * 1024;
  if (launcherUsable) {
    try {
      return await launch({ ...options, env, maxOutputBytes });
    } catch (error) {
      if (!/spawn python3 ENOENT/.test(String((error as Error).message)))
        throw error;
      launcherUsable = false;
    }
  }
  return spawnDirect({ ...options, env, maxOutputBytes });
}

function scrubbedEnv(extra?: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of SAFE_ENV) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return Object.assign(env, extra);
}

/** Spawns from this process; `runProcess` has already scrubbed env and set the cap. */
function spawnDirect(
  options: RunOptions & { env: Record<string, string>; maxOutputBytes: number },
): Promise<ProcessResult> {
  const { env, maxOutputBytes: maxOutput } = options;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    let captured = 0;
    let truncated = false;
    let timedOut = false;
    const collect = (name: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (captured >= maxOutput) {
        truncated = true;
        return;
      }
      const room = maxOutput - captured;
      if (chunk.length > room) truncated = true;
      const part = chunk.subarray(0, room);
      chunks[name].push(part);
      captured += part.length;
    };
    child.stdout!.on('data', collect('stdout'));
    child.stderr!.on('data', collect('stderr'));
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    const onAbort = () => kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', error => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(chunks.stdout).toString('utf8'),
        stderr: Buffer.concat(chunks.stderr).toString('utf8'),
        timedOut,
        truncated,
        durationMs: Date.now() - started,
      });
    });
  });
}
