import {
  RelativePathProblem,
  relativePathProblem,
} from '@internal/backstage-plugin-quantumlayer-common';

const REASONS: Record<RelativePathProblem, string> = {
  length: 'must be 1 to 200 characters',
  nul: 'must not contain NUL or backslashes',
  backslash: 'must not contain NUL or backslashes',
  absolute: 'must be relative',
  'dot-dot': 'must not contain ".."',
  'empty-segment': 'must not contain empty or "." segments',
};

/**
 * Why a generated or requested file path is unsafe, or undefined when it is
 * fine: the suite's one rule set ({@link relativePathProblem}), worded for
 * the backend's errors.
 */
export function unsafePathReason(path: string): string | undefined {
  const problem = relativePathProblem(path);
  return problem && REASONS[problem];
}
