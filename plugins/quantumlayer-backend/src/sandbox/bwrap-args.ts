import type { SandboxLayout } from './sandbox-layout';
import { SANDBOX_UID } from './sandbox-layout';

/** Where the run's work dir appears inside (also HOME). */
export const SANDBOX_WORK_DIR = '/sandbox';

/** A host directory bound into the sandbox besides the work dir. */
export interface ExtraBind {
  source: string;
  target: string;
  writable: boolean;
}

/**
 * bubblewrap's arguments for one run: every namespace new (no network, no
 * host processes, no nested user namespaces), the sandbox user's uid inside,
 * the layout's read-only system, a fresh /tmp of at most `tmpBytes`, the
 * host `workDir` as the only writable host directory (at /sandbox), a
 * read-only root, and only the variables in `env`.
 */
export function bwrapArgs(options: {
  layout: SandboxLayout;
  workDir: string;
  tmpBytes: number;
  env: Record<string, string>;
  binds?: ExtraBind[];
}): string[] {
  const env: Record<string, string> = {
    PATH: options.layout.path,
    HOME: SANDBOX_WORK_DIR,
    TMPDIR: '/tmp',
    LANG: 'C.UTF-8',
    ...options.env,
  };
  return [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--uid',
    String(SANDBOX_UID),
    '--gid',
    String(SANDBOX_UID),
    // No --hostname: seccomp in containers (podman's default) refuses it.
    '--die-with-parent',
    '--new-session',
    ...options.layout.mounts,
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(options.tmpBytes),
    '--tmpfs',
    '/tmp',
    '--bind',
    options.workDir,
    SANDBOX_WORK_DIR,
    ...(options.binds ?? []).flatMap(b => [
      b.writable ? '--bind' : '--ro-bind',
      b.source,
      b.target,
    ]),
    '--remount-ro',
    '/',
    '--chdir',
    SANDBOX_WORK_DIR,
    '--clearenv',
    ...Object.entries(env).flatMap(([key, value]) => ['--setenv', key, value]),
    '--',
  ];
}
