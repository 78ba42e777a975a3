import fs from 'fs/promises';
import path from 'path';
import { InputError } from '@backstage/errors';
import {
  RelativePathProblem,
  relativePathProblem,
} from '@internal/backstage-plugin-quantumlayer-common';

/**
 * Size limits for files written into the workspace.
 *
 * @public
 */
export interface WriteLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
}

/** What the template allows beyond ordinary files. */
export interface WritePolicy {
  /** Write CI definitions (see {@link isCiDefinition}); default false. */
  allowCiFiles?: boolean;
}

const VIOLATIONS: Record<RelativePathProblem, string> = {
  length: 'is empty or longer than 200 characters',
  nul: 'is empty or contains NUL',
  backslash: 'contains a backslash',
  absolute: 'is absolute',
  'dot-dot': 'contains ".."',
  'empty-segment': 'has an empty or "." segment',
};

/**
 * Why `relative` may not be written under a root, or undefined: the suite's
 * one rule set ({@link relativePathProblem}, shared with the backend),
 * worded for the action's errors. Pure.
 */
export function pathViolation(relative: string): string | undefined {
  const problem = relativePathProblem(relative);
  return problem && VIOLATIONS[problem];
}

/** The path's segments, lower-cased (file systems may ignore case), without `.` and empty ones. */
function segmentsOf(relative: string): string[] {
  return relative
    .split(/[\\/]/)
    .filter(s => s !== '' && s !== '.')
    .map(s => s.toLowerCase());
}

const CI_FILES = new Set([
  '.gitlab-ci.yml',
  '.gitlab-ci.yaml',
  'azure-pipelines.yml',
  'azure-pipelines.yaml',
]);
const CI_DIRECTORIES = new Set(['.circleci', '.buildkite']);

/**
 * Whether `relative` is a CI definition: a file under `.github/workflows/`,
 * `.circleci/` or `.buildkite/`, a `.gitlab-ci.yml`, `azure-pipelines.yml`
 * or `Jenkinsfile`. At any depth, since a publish step may publish a
 * sub-directory as the repository root. Pure.
 */
export function isCiDefinition(relative: string): boolean {
  const segments = segmentsOf(relative);
  const file = segments[segments.length - 1] ?? '';
  const dirs = segments.slice(0, -1);
  return (
    CI_FILES.has(file) ||
    file.startsWith('jenkinsfile') ||
    dirs.some(d => CI_DIRECTORIES.has(d)) ||
    dirs.some((d, i) => d === '.github' && dirs[i + 1] === 'workflows')
  );
}

/**
 * Why the action may not write `relative` (to the workspace) under
 * `policy`, or undefined: never anything inside `.git/` (hooks and config
 * run code), and CI definitions only when the template opts in. Pure.
 */
export function protectedPathViolation(
  relative: string,
  policy: WritePolicy = {},
): string | undefined {
  if (segmentsOf(relative).includes('.git')) {
    return 'is inside .git/, which the action never writes';
  }
  if (!policy.allowCiFiles && isCiDefinition(relative)) {
    return "is a CI definition, which runs with the repository's secrets once it is published; the template must set allowCiFiles: true to write it";
  }
  return undefined;
}

/**
 * Checks `targetPath` against `workspace` without writing: relative, no
 * `..`, nothing in `.git/`, and every part of it that exists is a real
 * directory of the workspace, not a symlink (to outside, or to elsewhere
 * inside it such as `.git`). Returns the real workspace directory.
 */
export async function checkTargetPath(
  workspace: string,
  targetPath: string,
): Promise<string> {
  const refuse = (why: string) =>
    new InputError(`targetPath "${targetPath}" ${why}; nothing was written`);
  if (targetPath !== '.') {
    // A directory may be written `./out` or `out/`: only `.` and empty
    // segments are allowed beyond the file rules (checked last by them).
    const problem = relativePathProblem(targetPath);
    const found =
      (problem && problem !== 'empty-segment'
        ? VIOLATIONS[problem]
        : undefined) ?? protectedPathViolation(targetPath);
    if (found) throw refuse(found);
  }
  await fs.mkdir(workspace, { recursive: true });
  const realWorkspace = await fs.realpath(workspace);
  let current = realWorkspace;
  for (const segment of targetPath.split(/[\\/]/)) {
    if (segment === '' || segment === '.') continue;
    current = path.join(current, segment);
    const stat = await fs.lstat(current).catch(() => undefined);
    if (!stat) break; // the rest is created as real directories
    if (stat.isSymbolicLink()) {
      throw refuse(
        `goes through the symlink "${path.relative(
          realWorkspace,
          current,
        )}"; the action writes only into real directories of the workspace`,
      );
    }
    if (!stat.isDirectory()) {
      throw refuse(
        `names "${path.relative(realWorkspace, current)}", which is a file`,
      );
    }
  }
  return realWorkspace;
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
 * Writes `files` under `targetPath` of `workspace`, checking every file
 * first and writing only when all pass: the target directory is a real
 * directory inside the workspace ({@link checkTargetPath}); each path is
 * relative, without `..`, not in `.git/` and not a CI definition unless
 * `policy.allowCiFiles` (checked as given and as its symlinks resolve); no
 * symlink on the way leads outside the target; size limits hold. A
 * violation throws an InputError naming the file and writes nothing.
 * Returns the paths written, relative to `targetPath`.
 */
export async function writeFilesSafely(
  target: { workspace: string; targetPath?: string },
  files: { path: string; content: Buffer }[],
  limits: WriteLimits,
  policy: WritePolicy = {},
): Promise<string[]> {
  const targetPath = target.targetPath ?? '.';
  const realWorkspace = await checkTargetPath(target.workspace, targetPath);
  const root = path.resolve(realWorkspace, targetPath);
  await fs.mkdir(root, { recursive: true });
  const realRoot = await fs.realpath(root);
  if (realRoot !== root) {
    throw new InputError(
      `targetPath "${targetPath}" resolves outside the workspace (a symlink appeared); nothing was written`,
    );
  }
  let total = 0;
  const targets: { target: string; content: Buffer }[] = [];
  for (const file of files) {
    const problem =
      pathViolation(file.path) ??
      protectedPathViolation(path.join(targetPath, file.path), policy);
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
    const wanted = path.resolve(realRoot, file.path);
    const existing = await nearestExisting(wanted);
    const resolved = path.resolve(
      await fs.realpath(existing),
      path.relative(existing, wanted),
    );
    if (resolved !== realRoot && !resolved.startsWith(realRoot + path.sep)) {
      throw new InputError(
        `generated file "${file.path}" would be written outside the target directory (through a symlink); nothing was written`,
      );
    }
    // A symlink inside the target may still lead into .git/ or a CI directory.
    const landing = protectedPathViolation(
      path.relative(realWorkspace, resolved),
      policy,
    );
    if (landing) {
      throw new InputError(
        `generated file "${
          file.path
        }" leads through a symlink to "${path.relative(
          realWorkspace,
          resolved,
        )}", which ${landing}; nothing was written`,
      );
    }
    const stat = await fs.lstat(wanted).catch(() => undefined);
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
  for (const { target: file, content } of targets) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
  return files.map(f => f.path);
}
