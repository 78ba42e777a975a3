import fs from 'fs/promises';
import { ProcessResult, runProcess } from './run-process';

/** Resource limits of one sandboxed run (per process where the kernel counts so). */
export interface SandboxLimits {
  cpuSeconds: number;
  /**
   * Writable memory per process (RLIMIT_DATA: heap and private mappings).
   * Not the address space: runtimes reserve large guard regions they never
   * use (Node's WebAssembly needs gigabytes of them).
   */
  memoryBytes: number;
  /** Processes of the sandbox user at once: a fork bomb stops here. */
  maxProcesses: number;
  /** Largest file a process may write. */
  maxFileBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  cpuSeconds: 30,
  memoryBytes: 1024 * 1024 * 1024,
  maxProcesses: 64,
  maxFileBytes: 16 * 1024 * 1024,
};

/** A run's result, and whether it really ran isolated. */
export interface SandboxResult extends ProcessResult {
  /**
   * True inside bubblewrap (no network, read-only system, only `workDir`
   * writable); false on the fallback (a subprocess with rlimits only).
   */
  isolated: boolean;
}

/** The unprivileged user sandboxed code runs as when the backend is root. */
const NOBODY = '65534';

let probe: Promise<boolean> | undefined;

/**
 * Whether bubblewrap can create its namespaces here (it is installed and the
 * kernel allows them); asked once per process.
 */
export function sandboxAvailable(): Promise<boolean> {
  probe ??= runProcess({
    ...launchBwrap([...bwrapArgs('/'), 'true']),
    cwd: '/',
    timeoutMs: 10_000,
  }).then(
    result => result.exitCode === 0,
    () => false,
  );
  return probe;
}

function asUnprivileged(): string[] {
  return process.getuid?.() === 0
    ? [
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        '--clear-groups',
        '--inh-caps=-all',
      ]
    : [];
}

/** bwrap with `args`, started as the unprivileged user when we are root. */
function launchBwrap(args: string[]): { command: string; args: string[] } {
  const unprivileged = asUnprivileged();
  return unprivileged.length
    ? { command: 'setpriv', args: [...unprivileged, 'bwrap', ...args] }
    : { command: 'bwrap', args };
}

function bwrapArgs(workDir: string, writable: string[] = []): string[] {
  return [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--ro-bind',
    '/',
    '/',
    '--tmpfs',
    '/tmp',
    ...(workDir === '/' ? [] : ['--bind', workDir, workDir]),
    ...writable.flatMap(dir => ['--bind', dir, dir]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--chdir',
    workDir,
    '--setenv',
    'HOME',
    workDir,
    '--',
  ];
}

function prlimitArgs(limits: SandboxLimits): string[] {
  return [
    `--cpu=${limits.cpuSeconds}`,
    `--data=${limits.memoryBytes}`,
    `--nproc=${limits.maxProcesses}`,
    `--fsize=${limits.maxFileBytes}`,
    '--',
  ];
}

/**
 * Runs untrusted code (generated tests): inside bubblewrap with no network,
 * a read-only view of the system, a private /tmp and only `workDir`
 * writable, as an unprivileged user, under CPU, memory, process and file
 * size limits, with the wall-clock timeout and output cap of runProcess
 * (the whole sandbox dies with its launcher). Where bubblewrap cannot run,
 * the same command runs with the rlimits only and says `isolated: false`.
 */
export async function runSandboxed(options: {
  command: string;
  args: string[];
  workDir: string;
  timeoutMs: number;
  maxOutputBytes?: number;
  limits?: Partial<SandboxLimits>;
  env?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * More directories the code may write (a build cache shared by sandboxed
   * runs only, never the host's own).
   */
  writable?: string[];
}): Promise<SandboxResult> {
  const limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
  const inner = [...prlimitArgs(limits), options.command, ...options.args];
  const isolated = await sandboxAvailable();
  if (!isolated) {
    const result = await runProcess({
      ...options,
      command: 'prlimit',
      args: inner,
      cwd: options.workDir,
    });
    return { ...result, isolated: false };
  }
  // The sandbox user must be able to write its working directory.
  if (asUnprivileged().length) {
    for (const dir of [options.workDir, ...(options.writable ?? [])])
      await fs.chmod(dir, 0o777);
  }
  const result = await runProcess({
    ...options,
    ...launchBwrap([
      ...bwrapArgs(options.workDir, options.writable),
      'prlimit',
      ...inner,
    ]),
    cwd: options.workDir,
  });
  return { ...result, isolated: true };
}
