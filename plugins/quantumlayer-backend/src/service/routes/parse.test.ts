import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { useRoutesOnlyBackend } from '../../__testUtils__/plugin-backend';

jest.setTimeout(60_000);

const backend = useRoutesOnlyBackend();

const parse = (body: unknown, auth = mockCredentials.user.header()) =>
  request(backend.server)
    .post('/api/quantumlayer/v1/parse')
    .set('Authorization', auth)
    .send(body as object);

describe('POST /v1/parse', () => {
  it('rejects calls without credentials with 401', async () => {
    const res = await request(backend.server)
      .post('/api/quantumlayer/v1/parse')
      .send({ language: 'python', text: '```python\nx = 1\n```' });
    expect(res.status).toBe(401);
  });

  it('extracts and checks a multi-file answer, without echoing content', async () => {
    const text = [
      '```python file=app/main.py',
      'print(1)',
      '```',
      '```python file=app/bad.py',
      'def f(:',
      '```',
      '```markdown file=README.md',
      '# App',
      '```',
    ].join('\n');
    const res = await parse({ language: 'python', text });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      files: [
        {
          path: 'app/main.py',
          language: 'python',
          size: 9,
          verdict: 'valid',
          diagnostics: [],
          checker: 'python3 compile()',
        },
        {
          path: 'app/bad.py',
          language: 'python',
          size: 8,
          verdict: 'invalid',
          diagnostics: [{ line: 1, column: 7, message: 'invalid syntax' }],
          checker: 'python3 compile()',
        },
        {
          path: 'README.md',
          language: 'markdown',
          size: 6,
          verdict: 'unvalidated',
          diagnostics: [],
          note: 'not syntax-checked: no parser for markdown',
        },
      ],
      problems: ['app/bad.py: line 1, column 7: invalid syntax'],
    });
  });

  it('checks files given directly, for a service caller too', async () => {
    const res = await parse(
      {
        language: 'typescript',
        files: [
          { path: 'src/a.ts', content: 'export const a: number = 1;\n' },
          { path: 'src/b.js', content: 'const b: number = 1;\n' },
        ],
      },
      mockCredentials.service.header(),
    );
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(
      res.body.files.map((f: any) => [f.path, f.language, f.verdict]),
    ).toEqual([
      ['src/a.ts', 'typescript', 'valid'],
      ['src/b.js', 'javascript', 'invalid'],
    ]);
    expect(res.body.files[1].diagnostics).toEqual([
      {
        line: 1,
        column: 10,
        message: 'Type annotations can only be used in TypeScript files.',
      },
    ]);
  });

  it('answers 200 with unvalidated files for a language nothing checks', async () => {
    const res = await parse({
      language: 'rust',
      files: [{ path: 'src/main.rs', content: 'fn main() {' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      files: [
        {
          path: 'src/main.rs',
          language: 'rust',
          size: 11,
          verdict: 'unvalidated',
          diagnostics: [],
          note: 'not syntax-checked: no parser for rust',
        },
      ],
      problems: [],
    });
  });

  it('reports unsafe paths in an answer as problems', async () => {
    const res = await parse({
      language: 'python',
      text: '```python file=../../etc/x.py\nprint(1)\n```',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      files: [],
      problems: ['../../etc/x.py: path must not contain ".."'],
    });
  });

  it('answers 413 for a body over the router-wide 1 MB JSON limit', async () => {
    const res = await parse({
      language: 'python',
      text: 'x'.repeat(1_100_000),
    });
    expect(res.status).toBe(413);
  });

  const file = { path: 'a.py', content: 'x = 1\n' };
  it.each([
    [
      { language: 'python' },
      'text: give text (a model answer with fenced code blocks) or files ([{ path, content }])',
    ],
    [
      { language: 'python', text: 'x', files: [file] },
      'files: give text or files, not both',
    ],
    [{ text: 'x' }, 'language: language is required, e.g. "python"'],
    [
      { language: 'py thon', text: 'x' },
      'language: language must be 1 to 40 letters, digits or "+#._-"',
    ],
    [
      { language: 'python', text: 'x'.repeat(512 * 1024 + 1) },
      'text: text must be at most 524288 bytes',
    ],
    [
      {
        language: 'python',
        files: [
          { path: 'a.py', content: 'x'.repeat(300 * 1024) },
          { path: 'b.py', content: 'x'.repeat(300 * 1024) },
        ],
      },
      'files: files must hold at most 524288 bytes of content in all (got 614400)',
    ],
    [
      {
        language: 'python',
        files: Array.from({ length: 201 }, (_, i) => ({
          path: `f${i}.py`,
          content: '',
        })),
      },
      'files: files must hold at most 200 files',
    ],
    [
      { language: 'python', files: [] },
      'files: files must hold at least one file',
    ],
    [
      { language: 'python', files: [file, { path: '../x.py', content: '' }] },
      'files.1.path: path "../x.py" must not contain ".."',
    ],
    [
      { language: 'python', files: [{ path: '/abs.py', content: '' }] },
      'files.0.path: path "/abs.py" must be relative',
    ],
    [
      { language: 'python', files: [file, file] },
      'files.1.path: path "a.py" is given twice',
    ],
    [
      { language: 'python', files: [{ path: 'a.py' }] },
      'files.0.content: Required',
    ],
    [
      { language: 'python', text: 'x', extra: 1 },
      "Unrecognized key(s) in object: 'extra'",
    ],
  ])(
    'rejects bad input with 400 naming the field (%#)',
    async (body, message) => {
      const res = await parse(body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(message);
    },
  );
});
