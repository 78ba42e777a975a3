import { isSafeRelativePath, relativePathProblem } from './safe-relative-path';

describe('relativePathProblem', () => {
  it.each([
    ['', 'length'],
    ['a/'.repeat(101), 'length'],
    ['a\0b', 'nul'],
    ['a\\b', 'backslash'],
    ['..\\up', 'backslash'],
    ['/etc/passwd', 'absolute'],
    ['C:/x', 'absolute'],
    ['c:x', 'absolute'],
    ['../x', 'dot-dot'],
    ['a/../../x', 'dot-dot'],
    ['a//b', 'empty-segment'],
    ['./a', 'empty-segment'],
    ['a/', 'empty-segment'],
  ])('finds %p unsafe (%s)', (path, problem) => {
    expect(relativePathProblem(path)).toBe(problem);
    expect(isSafeRelativePath(path)).toBe(false);
  });

  it.each(['a.py', 'src/pkg/a.py', '.github/x.yml', 'a..b/c', 'x'.repeat(200)])(
    'accepts %p',
    path => expect(isSafeRelativePath(path)).toBe(true),
  );

  it('refuses a long hostile path by its length, before any scan', () => {
    for (const path of [':'.repeat(100_000), 'a/'.repeat(100_000)])
      expect(relativePathProblem(path)).toBe('length');
  });
});
