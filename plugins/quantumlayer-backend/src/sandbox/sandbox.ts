import fs from 'fs/promises';
import path from 'path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { bwrapArgs, ExtraBind } from './bwrap-args';
import {
  GO_CACHE_DIR,
  GO_SEED_DIR,
  GO_TEST_ENV,
  GoBuildSeed,
} from './go-build-seed';
import { ownedDir } from './owned-dir';
import { ProcessResult, runProcess } from '../process/run-process';
import { findBinary, SANDBOX_UID, sandboxLayout } from './sandbox-layout';
import {
  DEFAULT_PROBE_INTERVALS,
  ProbeIntervals,
  ProbeResult,
  SandboxProbe,
} from './sandbox-probe';

export type { ProbeResult } from './sandbox-probe';

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
  /** Size of the run's private /tmp (memory; Go's build cache lives there). */
  tmpBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  cpuSeconds: 30,
  memoryBytes: 1024 * 1024 * 1024,
  maxProcesses: 64,
  maxFileBytes: 16 * 1024 * 1024,
  tmpBytes: 512 * 1024 * 1024,
};

/** A run's result, and whether it really ran isolated. */
export interface SandboxResult extends ProcessResult {
  /**
   * True inside bubblewrap (see `Sandbox`); false on the fallback (a
   * subprocess with rlimits only), which runs only when isolation is not
   * required.
   */
  isolated: boolean;
}

/** One command to run on untrusted code in `workDir`. */
export interface SandboxRunOptions {
  command: string;
  args: string[];
  /** The host directory holding the code; the only one the run may write. */
  workDir: string;
  timeoutMs: number;
  maxOutputBytes?: number;
  limits?: Partial<SandboxLimits>;
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** Go: give the run a build cache of its own, started from the seed. */
  goBuildCache?: boolean;
}

/** Isolation is required and bubblewrap cannot provide it: nothing ran. */
export class SandboxUnavailableError extends Error {
  readonly name = 'SandboxUnavailableError';
}

/** How a Sandbox is set up (config keys under `quantumlayer.sandbox`). */
export interface SandboxOptions {
  /** Default: true when NODE_ENV=production. */
  requireIsolation?: boolean;
  /** A path, or a name looked up on PATH. Default `bwrap`. */
  bwrapPath?: string;
  probeIntervals?: ProbeIntervals;
  logger?: LoggerService;
}

const SEED_LIMITS: Partial<SandboxLimits> = { cpuSeconds: 300 };

function prlimitArgs(limits: SandboxLimits): string[] {
  return [
    `--cpu=${limits.cpuSeconds}`,
    `--data=${limits.memoryBytes}`,
    `--nproc=${limits.maxProcesses}`,
    `--fsize=${limits.maxFileBytes}`,
    '--',
  ];
}

const asRoot = () => process.getuid?.() === 0;

/**
 * Runs untrusted code (generated tests) in bubblewrap: new namespaces of
 * every kind (no network, no host processes), as an unprivileged user, with
 * only the toolchains' install prefixes of the host read-only, a generated
 * /etc, a private /tmp, the work dir writable and a cleared environment,
 * under CPU, memory, process and file size limits, with the wall-clock
 * timeout and output cap of runProcess. Whether bubblewrap works is probed
 * and re-probed (`SandboxProbe`). Where it does not, `requireIsolation`
 * refuses to run anything (`SandboxUnavailableError`); only an explicit
 * `requireIsolation: false` runs the command with rlimits only
 * (`isolated: false`).
 */
export class Sandbox {
  readonly requireIsolation: boolean;
  readonly bwrapPath: string;
  private readonly probe: SandboxProbe;
  private readonly goSeed: GoBuildSeed;
  private readonly logger?: LoggerService;

  static fromConfig(config: Config, options: { logger?: LoggerService } = {}) {
    const sandbox = config.getOptionalConfig('quantumlayer.sandbox');
    return new Sandbox({
      requireIsolation: sandbox?.getOptionalBoolean('requireIsolation'),
      bwrapPath: sandbox?.getOptionalString('bwrapPath'),
      logger: options.logger,
    });
  }

  constructor(options: SandboxOptions = {}) {
    this.requireIsolation =
      options.requireIsolation ?? process.env.NODE_ENV === 'production';
    this.bwrapPath = options.bwrapPath ?? 'bwrap';
    this.logger = options.logger;
    this.probe = new SandboxProbe(
      () => this.runProbe(),
      options.probeIntervals ?? DEFAULT_PROBE_INTERVALS,
    );
    this.goSeed = new GoBuildSeed(
      ({ workDir, cacheDir }) =>
        this.isolated(
          {
            command: 'go',
            args: ['test', '-count=1', './...'],
            workDir,
            timeoutMs: 10 * 60_000,
            limits: SEED_LIMITS,
            env: GO_TEST_ENV,
            goBuildCache: true,
          },
          { source: cacheDir, target: GO_CACHE_DIR, writable: true },
        ),
      error => this.logger?.warn(`Sandbox: ${error.message}`),
    );
  }

  /** Whether bubblewrap isolates runs here (probed again when stale). */
  status(): Promise<ProbeResult> {
    return this.probe.current();
  }

  async run(options: SandboxRunOptions): Promise<SandboxResult> {
    const probe = await this.probe.current();
    if (!probe.available) {
      if (this.requireIsolation) {
        throw new SandboxUnavailableError(
          `sandbox: isolation is required (quantumlayer.sandbox.requireIsolation) but bubblewrap is unavailable: ${probe.error}`,
        );
      }
      return { ...(await this.unisolated(options)), isolated: false };
    }
    // bubblewrap itself failed (gone, or it says `bwrap: ...`): probe again
    // on the next run, which then refuses or falls back; this one fails.
    const result = await this.isolated(options).catch(error => {
      this.probe.invalidate();
      throw error;
    });
    if (result.exitCode === 1 && result.stderr.startsWith('bwrap: ')) {
      this.probe.invalidate();
    }
    return { ...result, isolated: true };
  }

  private async isolated(
    options: SandboxRunOptions,
    seeding?: ExtraBind,
  ): Promise<ProcessResult> {
    const limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
    const [bwrap, layout] = await Promise.all([
      this.resolveBwrap(),
      sandboxLayout(),
    ]);
    await giveToSandboxUser(options.workDir);
    const binds: ExtraBind[] = [];
    let command = [options.command, ...options.args];
    let env = options.env ?? {};
    if (options.goBuildCache) {
      env = { ...env, GOCACHE: GO_CACHE_DIR, GOPATH: '/tmp/go', GOENV: 'off' };
      const seed = seeding ? undefined : await this.goSeed.ensure();
      if (seeding) binds.push(seeding);
      if (seed) {
        binds.push({ source: seed, target: GO_SEED_DIR, writable: false });
        command = [
          'sh',
          '-c',
          `cp -R ${GO_SEED_DIR} ${GO_CACHE_DIR} && exec "$@"`,
          'sh',
          ...command,
        ];
      }
    }
    const args = [
      ...bwrapArgs({
        layout,
        workDir: options.workDir,
        tmpBytes: limits.tmpBytes,
        env,
        binds,
      }),
      'prlimit',
      ...prlimitArgs(limits),
      ...command,
    ];
    return runProcess({
      ...(await launchAsSandboxUser(bwrap, args)),
      cwd: '/',
      timeoutMs: options.timeoutMs,
      maxOutputBytes: options.maxOutputBytes,
      signal: options.signal,
      // Not even bubblewrap (pid 1 inside, readable there) gets the host's.
      env: {},
      inheritEnv: false,
    });
  }

  /** The fallback: rlimits only, as the sandbox user when the backend is root. */
  private async unisolated(options: SandboxRunOptions): Promise<ProcessResult> {
    const limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
    await giveToSandboxUser(options.workDir);
    const env: Record<string, string> = {
      ...options.env,
      HOME: options.workDir,
    };
    if (options.goBuildCache) {
      env.GOCACHE = path.join(options.workDir, '.ql-go-build');
      env.GOPATH = path.join(options.workDir, '.ql-go');
    }
    const inner = [
      'prlimit',
      ...prlimitArgs(limits),
      options.command,
      ...options.args,
    ];
    return runProcess({
      ...(await launchAsSandboxUser(inner[0], inner.slice(1))),
      cwd: options.workDir,
      timeoutMs: options.timeoutMs,
      maxOutputBytes: options.maxOutputBytes,
      signal: options.signal,
      env,
    });
  }

  private async runProbe(): Promise<Omit<ProbeResult, 'checkedAt'>> {
    const [bwrap, layout, workDir] = await Promise.all([
      this.resolveBwrap(),
      sandboxLayout(),
      ownedDir('probe'),
    ]);
    const args = bwrapArgs({ layout, workDir, tmpBytes: 1 << 20, env: {} });
    const result = await runProcess({
      ...(await launchAsSandboxUser(bwrap, [...args, 'true'])),
      cwd: '/',
      timeoutMs: 10_000,
      env: {},
      inheritEnv: false,
    });
    const probe =
      result.exitCode === 0
        ? { available: true }
        : {
            available: false,
            error: result.timedOut
              ? `${bwrap} did not answer in 10 s`
              : `${bwrap} exited ${result.exitCode ?? result.signal}: ${
                  result.stderr.trim().slice(0, 300) || 'no output'
                }`,
          };
    this.logger?.[probe.available ? 'debug' : 'warn'](
      probe.available
        ? 'Sandbox: bubblewrap isolates generated tests'
        : `Sandbox: bubblewrap is unavailable (${probe.error}); ${
            this.requireIsolation
              ? 'generated tests do not run (quantumlayer.sandbox.requireIsolation)'
              : 'generated tests run WITHOUT isolation (quantumlayer.sandbox.requireIsolation: false)'
          }`,
    );
    return probe;
  }

  /** bwrapPath as an absolute path; throws saying what to install or set. */
  private async resolveBwrap(): Promise<string> {
    if (!this.bwrapPath.includes('/')) {
      const found = await findBinary(this.bwrapPath);
      if (found) return found.real;
      throw new Error(
        `${this.bwrapPath} is not on PATH; install bubblewrap (Debian: apt-get install bubblewrap) or set quantumlayer.sandbox.bwrapPath`,
      );
    }
    await fs.access(this.bwrapPath, fs.constants.X_OK).catch(error => {
      throw new Error(
        `${this.bwrapPath} is not an executable (${
          (error as NodeJS.ErrnoException).code
        }); check quantumlayer.sandbox.bwrapPath`,
      );
    });
    return this.bwrapPath;
  }
}

/** The sandbox user must be able to write the work dir (only its top). */
async function giveToSandboxUser(workDir: string): Promise<void> {
  if (asRoot()) await fs.chown(workDir, SANDBOX_UID, SANDBOX_UID);
}

let setpriv: Promise<string> | undefined;

/** `command args`, started as the sandbox user when the backend is root. */
async function launchAsSandboxUser(
  command: string,
  args: string[],
): Promise<{ command: string; args: string[] }> {
  if (!asRoot()) return { command, args };
  setpriv ??= findBinary('setpriv').then(f => f?.real ?? '/usr/bin/setpriv');
  return {
    command: await setpriv,
    args: [
      `--reuid=${SANDBOX_UID}`,
      `--regid=${SANDBOX_UID}`,
      '--clear-groups',
      '--inh-caps=-all',
      command,
      ...args,
    ],
  };
}

let defaultSandbox: Sandbox | undefined;

/** The sandbox of code without config (benchmarks, tests): defaults only. */
export function getDefaultSandbox(): Sandbox {
  defaultSandbox ??= new Sandbox();
  return defaultSandbox;
}

/** Runs `options` in the default sandbox (see `Sandbox`). */
export function runSandboxed(
  options: SandboxRunOptions,
): Promise<SandboxResult> {
  return getDefaultSandbox().run(options);
}

/** Whether the default sandbox isolates runs here. */
export async function sandboxAvailable(): Promise<boolean> {
  return (await getDefaultSandbox().status()).available;
}
