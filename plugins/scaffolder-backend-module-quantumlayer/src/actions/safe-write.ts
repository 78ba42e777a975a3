import fs from 'fs/promises';
import path from 'path';
import { InputError } from '@backstage/errors';

/** Size limits for files written into the workspace. */
export interface WriteLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
}

/** Why `relative` may not be written under `root`, or undefined. Pure. */
export function pathViolation(relative: string): string | undefined {
  if (!relative || relative.includes('\0')) return 'is empty or contains NUL';
  if (path.isAbsolute(relative) || /^[A-Za-z]:[\\/]/.test(relative))
    return 'is absolute';
  if (relative.split(/[\\/]/).includes('..')) return 'contains ".."';
  return undefined;
}

/** The nearest existing ancestor of `p` (or `p` itself). */
async function nearestExisting(p: string): Promise<string> {
  let current = p;
  for (;;) {
    try {
      await fs.lstat(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/**
 * Checks every file first and writes only when all pass: relative paths, no
 * `..`, no symlink on the way that leads outside `root`, and size limits.
 * A violation throws an InputError naming the file and writes nothing.
 */
export async function writeFilesSafely(
  root: string,
  files: { path: string; content: Buffer }[],
  limits: WriteLimits,
): Promise<string[]> {
  await fs.mkdir(root, { recursive: true });
  const realRoot = await fs.realpath(root);
  let total = 0;
  const targets: { target: string; content: Buffer }[] = [];
  for (const file of files) {
    const problem = pathViolation(file.path);
    if (problem)
      throw new InputError(
        `generated file path "${file.path}" ${problem}; nothing was written`,
      );
    if (file.content.length > limits.maxFileBytes) {
      throw new InputError(
        `generated file "${file.path}" is ${file.content.length} bytes, over the ${limits.maxFileBytes}-byte limit; nothing was written`,
      );
    }
    total += file.content.length;
    const target = path.resolve(realRoot, file.path);
    const existing = await nearestExisting(target);
    const resolved = path.resolve(
      await fs.realpath(existing),
      path.relative(existing, target),
    );
    if (resolved !== realRoot && !resolved.startsWith(realRoot + path.sep)) {
      throw new InputError(
        `generated file "${file.path}" would be written outside the target directory (through a symlink); nothing was written`,
      );
    }
    const stat = await fs.lstat(target).catch(() => undefined);
    if (stat?.isSymbolicLink()) {
      throw new InputError(
        `generated file "${file.path}" would overwrite a symlink; nothing was written`,
      );
    }
    targets.push({ target: resolved, content: file.content });
  }
  if (total > limits.maxTotalBytes) {
    throw new InputError(
      `generated files total ${total} bytes, over the ${limits.maxTotalBytes}-byte limit; nothing was written`,
    );
  }
  for (const { target, content } of targets) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content);
  }
  return files.map(f => f.path);
}
