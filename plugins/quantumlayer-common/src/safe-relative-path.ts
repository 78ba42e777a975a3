/**
 * Why a path is not a safe relative path (see {@link relativePathProblem}).
 *
 * @public
 */
export type RelativePathProblem =
  | 'length'
  | 'nul'
  | 'backslash'
  | 'absolute'
  | 'dot-dot'
  | 'empty-segment';

/**
 * Longest relative path accepted, in characters.
 *
 * @public
 */
export const MAX_RELATIVE_PATH_LENGTH = 200;

/**
 * Why `path` may not name a file under a root, or undefined when it may:
 * 1 to 200 characters, no NUL, no backslash (a separator on Windows), not
 * absolute (`/x`, `C:`), no `..` segment, no empty or `.` segment. The one
 * rule set of the suite: the backend checks generated and requested paths
 * with it, the scaffolder action the paths it writes. Pure and linear.
 *
 * @public
 */
export function relativePathProblem(
  path: string,
): RelativePathProblem | undefined {
  if (!path || path.length > MAX_RELATIVE_PATH_LENGTH) return 'length';
  if (path.includes('\0')) return 'nul';
  if (path.includes('\\')) return 'backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute';
  const segments = path.split('/');
  if (segments.includes('..')) return 'dot-dot';
  if (segments.some(s => s === '' || s === '.')) return 'empty-segment';
  return undefined;
}

/**
 * Whether `path` is a safe relative path: {@link relativePathProblem} finds nothing.
 *
 * @public
 */
export function isSafeRelativePath(path: string): boolean {
  return relativePathProblem(path) === undefined;
}
