import fs from 'fs/promises';
import os from 'os';
import path from 'path';

/**
 * Writes `files` (flat names only) into a fresh temp dir and runs `fn` there;
 * the dir is always removed.
 */
export async function withTempFiles<T>(
  files: { name: string; content: string }[],
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  for (const f of files) {
    if (path.basename(f.name) !== f.name || f.name.startsWith('.'))
      throw new Error(`temp file name must be flat: ${f.name}`);
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ql-parse-'));
  try {
    await Promise.all(
      files.map(f => fs.writeFile(path.join(dir, f.name), f.content)),
    );
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
