import fs from 'fs/promises';
import os from 'os';
import path from 'path';

/**
 * A directory of this backend's user under the system temp dir, which the
 * sandbox user may read (bubblewrap runs as that user and must reach what it
 * binds) but nobody else may change: created 0755, or, when it already
 * exists, checked to be a real directory of ours that neither group nor
 * others may write. Throws otherwise (someone else planted it).
 */
export async function ownedDir(...parts: string[]): Promise<string> {
  const uid = process.getuid?.() ?? 0;
  let dir = os.tmpdir();
  for (const part of [`ql-sandbox-${uid}`, ...parts]) {
    dir = path.join(dir, part);
    await ensureOwned(dir, uid);
  }
  return dir;
}

async function ensureOwned(dir: string, uid: number): Promise<void> {
  try {
    await fs.mkdir(dir);
    // chmod as well: the umask may have taken the sandbox user's access.
    await fs.chmod(dir, 0o755);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory() || stat.uid !== uid || stat.mode & 0o022) {
    throw new Error(
      `sandbox: refusing ${dir}: it must be a directory owned by uid ${uid} that only its owner may write; remove it and retry`,
    );
  }
}

/** Writes `content` to `file` read-only, replacing it atomically. */
export async function writeReadOnly(
  file: string,
  content: string,
): Promise<void> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await fs.writeFile(temp, content);
  await fs.chmod(temp, 0o444);
  await fs.rename(temp, file);
}
