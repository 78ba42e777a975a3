import { extractCodeBlocks, extractJson } from './extract-code-blocks';
import { unsafePathReason } from './safe-path';
import { defaultSyntaxCheckers } from './languages';
import { withMaterializedFiles } from '../workflows/activities/parse-and-validate';

describe('extractCodeBlocks', () => {
  it('reads file= attributes, first-line file comments and a lone unnamed block', () => {
    const text = [
      'Here you go:',
      '```python file=app/main.py',
      'print(1)',
      '```',
      '```ts',
      '// file: src/a.ts',
      'export const a = 1;',
      '```',
      '````md file=README.md',
      '```sh',
      'run',
      '```',
      '````',
    ].join('\n');
    expect(extractCodeBlocks(text)).toEqual([
      { path: 'app/main.py', lang: 'python', content: 'print(1)\n' },
      { path: 'src/a.ts', lang: 'ts', content: 'export const a = 1;\n' },
      { path: 'README.md', lang: 'md', content: '```sh\nrun\n```\n' },
    ]);
    expect(extractCodeBlocks('```go\npackage main\n```')).toEqual([
      { path: 'main.go', lang: 'go', content: 'package main\n' },
    ]);
    expect(extractCodeBlocks('no code at all')).toEqual([]);
    expect(extractCodeBlocks('```\nx = 1\n```')).toEqual([]);
    expect(
      extractCodeBlocks('```\nx = 1\n```', { defaultLanguage: 'Python' }),
    ).toEqual([{ path: 'main.py', lang: 'python', content: 'x = 1\n' }]);
  });

  it('finds the JSON block of an agent answer', () => {
    expect(extractJson('Plan:\n```json\n{"a": 1}\n```')).toEqual({ a: 1 });
    expect(() => extractJson('not json')).toThrow();
  });
});

describe('unsafePathReason', () => {
  it.each([
    ['/etc/passwd', 'must be relative'],
    ['../x', 'must not contain ".."'],
    ['a/../../x', 'must not contain ".."'],
    ['a\\b', 'must not contain NUL or backslashes'],
    ['a//b', 'must not contain empty or "." segments'],
    ['', 'must be 1 to 200 characters'],
  ])('rejects %p', (p, reason) => expect(unsafePathReason(p)).toBe(reason));
  it('accepts nested relative paths', () =>
    expect(unsafePathReason('src/pkg/a.py')).toBeUndefined());
});

describe('syntax checks', () => {
  it('reports TypeScript syntax errors with a line number', async () => {
    const result = await defaultSyntaxCheckers()
      .for('typescript')
      .check('', [
        { path: 'ok.ts', content: 'export const a: number = 1;\n' },
        { path: 'bad.ts', content: 'const a = ;\n' },
      ]);
    expect(result[0]).toEqual({ path: 'ok.ts', ok: true });
    expect(result[1]).toMatchObject({
      path: 'bad.ts',
      ok: false,
      message: expect.stringContaining('line 1'),
    });
  });

  it('parses Python with the interpreter', async () => {
    const files = [
      { path: 'ok.py', content: 'def f():\n    return 1\n' },
      { path: 'bad.py', content: 'def f(:\n' },
    ];
    const result = await withMaterializedFiles(files, dir =>
      defaultSyntaxCheckers().for('python').check(dir, files),
    );
    expect(result[0]).toEqual({ path: 'ok.py', ok: true });
    expect(result[1]).toMatchObject({
      path: 'bad.py',
      ok: false,
      message: expect.stringContaining('line 1'),
    });
  });
});
