import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import { ownedDir, writeReadOnly } from './owned-dir';

/** A language toolchain the sandbox shows, found from its binary's real path. */
export interface Toolchain {
  name: 'python3' | 'node' | 'go';
  /** The directory that holds the command (put on PATH inside). */
  bin: string;
  /** Its install prefix (`/usr`, `/usr/local`, `/usr/local/go`): bound read-only. */
  prefix: string;
}

/** What a sandboxed run sees of the host, as bubblewrap arguments. */
export interface SandboxLayout {
  toolchains: Toolchain[];
  /** Read-only binds, merged-/usr symlinks and the generated /etc. */
  mounts: string[];
  /** PATH inside: the toolchains' directories, then /usr/bin and /bin. */
  path: string;
}

/** The sandbox user's account: the only one the sandbox's /etc knows. */
export const SANDBOX_UID = 65534;

// Generated, not copied: no real accounts, hosts or resolver of the host.
const GENERATED_ETC: Record<string, string> = {
  passwd: `nobody:x:${SANDBOX_UID}:${SANDBOX_UID}:nobody:/sandbox:/usr/sbin/nologin\n`,
  group: `nogroup:x:${SANDBOX_UID}:\n`,
  hosts: '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n',
  'nsswitch.conf': 'passwd: files\ngroup: files\nshadow: files\nhosts: files\n',
};
// Selected from the host: the dynamic linker's cache (libraries under /usr).
const SELECTED_ETC = ['ld.so.cache'];
// Merged-/usr links (or, on older systems, real directories) at the root.
const ROOT_LINKS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

const isUnder = (child: string, parent: string) =>
  child === parent || child.startsWith(`${parent}/`);

async function isElfExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fs.constants.X_OK);
    const handle = await fs.open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
      return bytesRead === 4 && buffer.toString('latin1') === '\x7fELF';
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/**
 * The first `name` on the backend's PATH that is a real binary: shims and
 * wrapper scripts (pyenv's, asdf's) are skipped, since what they run lives
 * in a home directory the sandbox does not show.
 */
export async function findBinary(
  name: string,
): Promise<{ bin: string; real: string } | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const real = await fs.realpath(path.join(dir, name)).catch(() => '');
    if (real && (await isElfExecutable(real))) return { bin: dir, real };
  }
  return undefined;
}

/** python3 and go from PATH, node as the backend's own: `<prefix>/bin/<binary>`. */
async function findToolchains(): Promise<Toolchain[]> {
  const node = await fs.realpath(process.execPath);
  const found: Array<[Toolchain['name'], { bin: string; real: string }]> = [
    ['node', { bin: path.dirname(process.execPath), real: node }],
  ];
  for (const name of ['python3', 'go'] as const) {
    const binary = await findBinary(name);
    if (binary) found.push([name, binary]);
  }
  // A prefix that is a home directory itself would show all of it.
  const isHome = (dir: string) =>
    dir === os.homedir() || dir === '/root' || path.dirname(dir) === '/home';
  return found
    .map(([name, { bin, real }]) => ({
      name,
      bin,
      prefix: path.dirname(path.dirname(real)),
    }))
    .filter(t => t.prefix !== '/' && !isHome(t.prefix));
}

async function etcMounts(): Promise<string[]> {
  const dir = await ownedDir('etc');
  const mounts: string[] = [];
  for (const [name, content] of Object.entries(GENERATED_ETC)) {
    const file = path.join(dir, name);
    const current = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (current !== content) await writeReadOnly(file, content);
    mounts.push('--ro-bind', file, `/etc/${name}`);
  }
  for (const name of SELECTED_ETC) {
    const file = path.join('/etc', name);
    if (await fs.stat(file).catch(() => undefined)) {
      mounts.push('--ro-bind', file, file);
    }
  }
  return mounts;
}

async function rootLinkMounts(): Promise<string[]> {
  const mounts: string[] = [];
  for (const link of ROOT_LINKS) {
    const stat = await fs.lstat(link).catch(() => undefined);
    if (stat?.isSymbolicLink()) {
      mounts.push('--symlink', await fs.readlink(link), link);
    } else if (stat?.isDirectory()) {
      mounts.push('--ro-bind', link, link);
    }
  }
  return mounts;
}

/**
 * /usr read-only (the C library, the dynamic linker, python3's and Debian
 * Go's trees) with /usr/local masked by an empty tmpfs, the toolchains'
 * prefixes bound back (under /usr/local or elsewhere), the root links into
 * /usr, and a generated /etc. Nothing else of the host: no /home, /root,
 * /run, /var, /tmp, /opt or the checkout, so no socket of the host.
 */
export async function discoverLayout(): Promise<SandboxLayout> {
  const toolchains = await findToolchains();
  const prefixes = [...new Set(toolchains.map(t => t.prefix))].sort();
  const underLocal = prefixes.filter(p => isUnder(p, '/usr/local'));
  const elsewhere = prefixes.filter(
    p => !isUnder(p, '/usr') && !prefixes.some(o => o !== p && isUnder(p, o)),
  );
  const hasLocal = Boolean(await fs.stat('/usr/local').catch(() => undefined));
  const mounts = [
    '--ro-bind',
    '/usr',
    '/usr',
    ...(hasLocal
      ? [
          '--tmpfs',
          '/usr/local',
          ...underLocal.flatMap(p => ['--ro-bind', p, p]),
          '--remount-ro',
          '/usr/local',
        ]
      : []),
    ...elsewhere.flatMap(p => ['--ro-bind', p, p]),
    ...(await rootLinkMounts()),
    ...(await etcMounts()),
  ];
  const visible = (dir: string) =>
    (isUnder(dir, '/usr') && !isUnder(dir, '/usr/local')) ||
    prefixes.some(p => isUnder(dir, p));
  const bins = toolchains
    .map(t => t.bin)
    .filter(bin => bin !== '/usr/bin' && visible(bin));
  return {
    toolchains,
    mounts,
    path: [...new Set([...bins, '/usr/bin', '/bin'])].join(':'),
  };
}

let cached: Promise<SandboxLayout> | undefined;

/** The layout, found once per process (toolchains do not move at run time). */
export function sandboxLayout(): Promise<SandboxLayout> {
  cached ??= discoverLayout().catch(error => {
    cached = undefined;
    throw error;
  });
  return cached;
}
