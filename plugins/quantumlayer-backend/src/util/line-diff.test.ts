import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { unifiedDiff } from './line-diff';

/** GNU diff's unified output for the same two texts, headers rewritten. */
function gnuDiff(before: string, after: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-diff-'));
  try {
    fs.writeFileSync(path.join(dir, 'a'), before);
    fs.writeFileSync(path.join(dir, 'b'), after);
    let out = '';
    try {
      execFileSync('diff', ['-u', 'a', 'b'], { cwd: dir });
    } catch (error) {
      out = (error as { stdout: Buffer }).stdout.toString();
    }
    return out
      .replace(/^--- a.*$/m, '--- a/f.txt')
      .replace(/^\+\+\+ b.*$/m, '+++ b/f.txt');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const lines = (n: number, f: (i: number) => string) =>
  `${Array.from({ length: n }, (_, i) => f(i)).join('\n')}\n`;

describe('unifiedDiff', () => {
  it.each([
    ['one changed line', 'a\nb\nc\n', 'a\nB\nc\n'],
    ['an appended line', 'a\nb\n', 'a\nb\nc\n'],
    ['a removed first line', 'a\nb\nc\n', 'b\nc\n'],
    [
      'two far-apart changes (two hunks)',
      lines(30, i => `line ${i}`),
      lines(30, i => (i === 2 || i === 25 ? `changed ${i}` : `line ${i}`)),
    ],
    [
      'two near changes (one hunk)',
      lines(20, i => `line ${i}`),
      lines(20, i => (i === 5 || i === 9 ? `changed ${i}` : `line ${i}`)),
    ],
  ])('matches GNU diff -u for %s', (_, before, after) => {
    expect(unifiedDiff('f.txt', before, after).text).toBe(
      gnuDiff(before, after),
    );
  });

  it('counts lines and marks new and deleted files', () => {
    expect(unifiedDiff('new.py', undefined, 'x = 1\n')).toEqual({
      text: '--- /dev/null\n+++ b/new.py\n@@ -0,0 +1,1 @@\n+x = 1\n',
      additions: 1,
      deletions: 0,
    });
    expect(unifiedDiff('same.py', 'x\n', 'x\n')).toEqual({
      text: '',
      additions: 0,
      deletions: 0,
    });
  });

  it('shows a file rewritten beyond the edit bound as replaced, at once', () => {
    const before = lines(6000, i => `old ${i}`);
    const after = lines(6000, i => `new ${i}`);
    const diff = unifiedDiff('big.txt', before, after);
    expect(diff).toMatchObject({ additions: 6000, deletions: 6000 });
    // Beyond the line bound the search is not even started.
    const huge = lines(30_000, i => `line ${i}`);
    expect(unifiedDiff('huge.txt', huge, `${huge}one more\n`)).toMatchObject({
      additions: 30_001,
      deletions: 30_000,
    });
    expect(diff.text.split('\n').slice(0, 4)).toEqual([
      '--- a/big.txt',
      '+++ b/big.txt',
      '@@ -1,6000 +1,6000 @@',
      '-old 0',
    ]);
  });

  it('does not count a missing final newline as a change', () => {
    expect(unifiedDiff('f.txt', 'a\nb', 'a\nb\n').text).toBe('');
    expect(unifiedDiff('f.txt', 'a\nb', 'a\nc').text).toBe(
      '--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n',
    );
  });
});
