import { execFileSync } from 'child_process';
import { parseModelOutput } from './parse-output';

jest.setTimeout(30_000);

function hasCommand(command: string): boolean {
  try {
    execFileSync('which', [command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const hasGofmt = hasCommand('gofmt');
if (!hasGofmt) {
  // eslint-disable-next-line no-console
  console.warn('gofmt is not on PATH: skipping the Go parser tests');
}

/** Checks one file given as-is and returns its verdict (without content). */
async function checkOne(language: string, path: string, content: string) {
  const result = await parseModelOutput({
    language,
    files: [{ path, content }],
  });
  expect(result.files).toHaveLength(1);
  const { content: _content, ...file } = result.files[0];
  return { file, result };
}

describe('parseModelOutput per language', () => {
  it('accepts valid Python and reports line and column of invalid Python', async () => {
    const ok = await checkOne(
      'python',
      'app/main.py',
      'def f():\n    return 1\n',
    );
    expect(ok.file).toEqual({
      path: 'app/main.py',
      language: 'python',
      size: 22,
      verdict: 'valid',
      diagnostics: [],
      checker: 'python3 compile()',
    });
    expect(ok.result).toMatchObject({ ok: true, problems: [] });

    const bad = await checkOne('python', 'app/main.py', 'x = 1\ndef f(:\n');
    expect(bad.file).toMatchObject({
      verdict: 'invalid',
      diagnostics: [{ line: 2, column: 7, message: 'invalid syntax' }],
    });
    expect(bad.result).toMatchObject({
      ok: false,
      problems: ['app/main.py: line 2, column 7: invalid syntax'],
    });
  });

  it('runs the whole Python front end, not only the parser', async () => {
    const { file } = await checkOne('python', 'a.py', 'return 1\n');
    expect(file).toMatchObject({
      verdict: 'invalid',
      diagnostics: [
        { line: 1, column: 1, message: "'return' outside function" },
      ],
    });
    const nul = await checkOne('python', 'b.py', 'a\0b\n');
    expect(nul.file.verdict).toBe('invalid');
    expect(nul.file.diagnostics[0].message).toMatch(/null bytes/);
  });

  it('accepts valid TypeScript (types unresolved) and reports every syntax error', async () => {
    const ok = await checkOne(
      'typescript',
      'src/index.ts',
      "import { x } from './missing';\nexport const a: Missing = x;\n",
    );
    expect(ok.file).toMatchObject({
      language: 'typescript',
      verdict: 'valid',
      diagnostics: [],
      checker: expect.stringMatching(/^typescript \d+\.\d+\.\d+ parser$/),
    });

    const bad = await checkOne(
      'typescript',
      'src/index.ts',
      'export const a = 1;\nconst b = ;\nconst c = ;\n',
    );
    expect(bad.file).toMatchObject({
      verdict: 'invalid',
      diagnostics: [
        { line: 2, column: 11, message: 'Expression expected.' },
        { line: 3, column: 11, message: 'Expression expected.' },
      ],
    });
  });

  it('parses TSX with JSX', async () => {
    const { file } = await checkOne(
      'typescript',
      'src/App.tsx',
      'export const App = () => <div>hi</div>;\n',
    );
    expect(file).toMatchObject({ language: 'typescript', verdict: 'valid' });
  });

  it('accepts valid JavaScript and rejects TypeScript syntax in a .js file', async () => {
    const ok = await checkOne(
      'javascript',
      'src/index.js',
      'export async function f() {\n  return await 1;\n}\n',
    );
    expect(ok.file).toMatchObject({
      language: 'javascript',
      verdict: 'valid',
    });

    const typed = await checkOne(
      'javascript',
      'src/index.mjs',
      'const a: number = 1;\n',
    );
    expect(typed.file).toMatchObject({
      language: 'javascript',
      verdict: 'invalid',
      diagnostics: [
        {
          line: 1,
          column: 10,
          message: 'Type annotations can only be used in TypeScript files.',
        },
      ],
    });
    const broken = await checkOne('javascript', 'a.cjs', 'function (\n');
    expect(broken.file.verdict).toBe('invalid');
  });

  (hasGofmt ? describe : describe.skip)('go (gofmt -e)', () => {
    it('accepts valid Go and reports each error with line and column', async () => {
      const ok = await checkOne(
        'go',
        'cmd/app/main.go',
        'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(1) }\n',
      );
      expect(ok.file).toMatchObject({
        language: 'go',
        verdict: 'valid',
        diagnostics: [],
        checker: 'gofmt -e',
      });

      const bad = await checkOne(
        'go',
        'cmd/app/main.go',
        'package main\n\nfunc f( {\n',
      );
      expect(bad.file.verdict).toBe('invalid');
      expect(bad.file.diagnostics[0]).toEqual({
        line: 3,
        column: 9,
        message: "expected ')', found '{'",
      });
      expect(bad.result.problems).toEqual([
        "cmd/app/main.go: line 3, column 9: expected ')', found '{'",
      ]);
    });

    it('checks many Go files in one run and keeps each verdict with its file', async () => {
      const result = await parseModelOutput({
        language: 'go',
        files: [
          { path: 'a/x.go', content: 'package a\n' },
          { path: 'b/x.go', content: 'package b\nfunc (\n' },
          { path: '-w.go', content: 'package main\n' },
        ],
      });
      expect(result.files.map(f => [f.path, f.verdict])).toEqual([
        ['a/x.go', 'valid'],
        ['b/x.go', 'invalid'],
        ['-w.go', 'valid'],
      ]);
      expect(result.files[1].diagnostics[0].line).toBe(2);
    });
  });
});

describe('parseModelOutput without a tool', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('marks Go files unvalidated, with the reason, when gofmt is missing', async () => {
    process.env.PATH = '/nonexistent';
    const { file, result } = await checkOne('go', 'main.go', 'package main\n');
    expect(file).toEqual({
      path: 'main.go',
      language: 'go',
      size: 13,
      verdict: 'unvalidated',
      diagnostics: [],
      note: 'not syntax-checked: gofmt is not on PATH',
    });
    expect(result.ok).toBe(true);
  });
});

describe('parseModelOutput on model answers', () => {
  it('extracts a multi-file answer and checks each file by its own language', async () => {
    const text = [
      'Here is the project:',
      '```python file=app/main.py',
      'from app.util import add',
      'print(add(1, 2))',
      '```',
      '```python',
      '# file: app/util.py',
      'def add(a, b):',
      '    return a +',
      '```',
      '```markdown file=README.md',
      '# Adder',
      '```',
      '```text file=requirements.txt',
      'requests==2.32.0',
      '```',
      'Run it with `python -m app.main`.',
    ].join('\n');
    const result = await parseModelOutput({ language: 'python', text });
    expect(
      result.files.map(({ content: _c, ...f }) => ({
        path: f.path,
        language: f.language,
        verdict: f.verdict,
        note: f.note,
      })),
    ).toEqual([
      { path: 'app/main.py', language: 'python', verdict: 'valid' },
      { path: 'app/util.py', language: 'python', verdict: 'invalid' },
      {
        path: 'README.md',
        language: 'markdown',
        verdict: 'unvalidated',
        note: 'not syntax-checked: no parser for markdown',
      },
      {
        path: 'requirements.txt',
        language: 'text',
        verdict: 'unvalidated',
        note: 'not syntax-checked: no parser for text',
      },
    ]);
    expect(result.files[0].content).toBe(
      'from app.util import add\nprint(add(1, 2))\n',
    );
    expect(result.files[0].size).toBe(42);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      'app/util.py: line 2, column 15: invalid syntax',
    ]);
  });

  it('names a lone unnamed block after the requested language', async () => {
    const result = await parseModelOutput({
      language: 'typescript',
      text: '```\nexport const a = 1;\n```',
    });
    expect(result.files.map(f => [f.path, f.verdict])).toEqual([
      ['src/index.ts', 'valid'],
    ]);
  });

  it('takes an extensionless file’s language from its fence', async () => {
    const result = await parseModelOutput({
      language: 'python',
      text: '```python file=bin/tool\nprint(1\n```\n```sh file=bin/run\nexit 1\n```',
    });
    expect(result.files.map(f => [f.path, f.language, f.verdict])).toEqual([
      ['bin/tool', 'python', 'invalid'],
      ['bin/run', 'text', 'unvalidated'],
    ]);
  });

  it('rejects unsafe paths with the reason and still checks the rest', async () => {
    const text = [
      '```python file=../escape.py',
      'print(1)',
      '```',
      '```python file=/etc/cron.py',
      'print(1)',
      '```',
      '```python file=ok.py',
      'print(1)',
      '```',
    ].join('\n');
    const result = await parseModelOutput({ language: 'python', text });
    expect(result.problems).toEqual([
      '../escape.py: path must not contain ".."',
      '/etc/cron.py: path must be relative',
    ]);
    expect(result.ok).toBe(false);
    expect(result.files.map(f => [f.path, f.verdict])).toEqual([
      ['ok.py', 'valid'],
    ]);
  });

  it('keeps the last version of a repeated file', async () => {
    const result = await parseModelOutput({
      language: 'python',
      text: '```python file=a.py\ndef (\n```\nFixed:\n```python file=a.py\nx = 1\n```',
    });
    expect(result.files).toHaveLength(1);
    expect(result.files[0]).toMatchObject({
      verdict: 'valid',
      content: 'x = 1\n',
    });
  });

  it('says so when the answer holds no files', async () => {
    expect(
      await parseModelOutput({ language: 'python', text: 'I cannot help.' }),
    ).toEqual({
      ok: false,
      files: [],
      problems: ['the answer contained no fenced code blocks with files'],
    });
  });

  it('refuses to check more files than the limit', async () => {
    const files = ['a.py', 'b.py', 'c.py'].map(path => ({
      path,
      content: 'x = 1\n',
    }));
    expect(
      await parseModelOutput({ language: 'python', files }, { maxFiles: 2 }),
    ).toEqual({
      ok: false,
      files: [],
      problems: ['the answer has 3 files; at most 2 are checked'],
    });
  });

  it('does not throw for a language nothing checks: its files are unvalidated', async () => {
    const result = await parseModelOutput({
      language: 'cobol++',
      text: '```rust file=src/main.rs\nfn main() { let x = ; }\n```\n```cobol file=HELLO.CBL\nDISPLAY "HI".\n```',
    });
    expect(result.ok).toBe(true);
    expect(
      result.files.map(f => [f.path, f.language, f.verdict, f.note]),
    ).toEqual([
      [
        'src/main.rs',
        'rust',
        'unvalidated',
        'not syntax-checked: no parser for rust',
      ],
      [
        'HELLO.CBL',
        'text',
        'unvalidated',
        'not syntax-checked: no parser for text',
      ],
    ]);
    expect(result.files.every(f => f.checker === undefined)).toBe(true);
  });
});
