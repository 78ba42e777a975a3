import { parseJsonAnswer, parseFilesAnswer } from '../agents/parse-answers';
import { parseReadme } from '../agents/documenter';
import { z } from 'zod';
import {
  fill,
  LINEAR_LIMIT_MS,
  runDoubling,
} from '../__testUtils__/linear-time';
import { extractCodeBlocks, extractJson } from './extract-code-blocks';
import { unsafePathReason } from './safe-path';
import { detectLanguage } from './languages';

// Worst cases for every pattern that reads model or user text. Each runs at
// sizes doubling up to 512 KiB (the parse route's limit) and must stay fast
// at each; speed figures are in `yarn bench:parse`, not here.

const spaces = (n: number) => ' '.repeat(n);

describe('extractCodeBlocks on adversarial text', () => {
  it.each<[string, (n: number) => string]>([
    [
      'the review\'s fence: "```" + spaces + "`\\r"',
      n => `\`\`\`${spaces(n)}\`\r`,
    ],
    [
      'spaces, a word, spaces and a lone \\r',
      n => `\`\`\`${spaces(n / 2)}py${spaces(n / 2)}\r`,
    ],
    ['tabs and spaces mixed', n => `~~~${fill('\t ', n)}x${fill(' \t', n)}\r`],
    ['a run of backticks', n => fill('`', n)],
    ['a run of tildes then a backtick', n => `${fill('~', n)}\``],
    ['backticks and spaces alternating', n => fill('``` ', n)],
    ['lone \\r everywhere', n => `\`\`\`py${fill('\r', n)}`],
    ['CRLF and lone \\r mixed', n => fill('```py\r\r\nx\r\n\r```\r\n', n)],
    ['nested fences, none closed', n => fill('````md\n```py\n~~~\n', n)],
    ['fences opened and closed', n => fill('```py file=a.py\nx\n```\n', n)],
    ['file attribute words without "="', n => `\`\`\`py ${fill('file ', n)}`],
    [
      'a file attribute, spaces, no value',
      n => `\`\`\`py file${spaces(n)}=${spaces(n)}"`,
    ],
    [
      'a first-line comment with spaces inside',
      n => `\`\`\`py\n# file:${spaces(n)}a${spaces(n)}b\n\`\`\``,
    ],
    [
      'a first-line comment of slashes',
      n => `\`\`\`ts\n${fill('//', n)}\n\`\`\``,
    ],
  ])('stays linear: %s', (_name, make) => {
    expect(
      runDoubling(make, text => extractCodeBlocks(text)).slowestMs,
    ).toBeLessThan(LINEAR_LIMIT_MS);
  });

  it("still reads the review's input, as an empty block", () => {
    expect(
      extractCodeBlocks(`\`\`\`${spaces(2000)}\`\r`, {
        defaultLanguage: 'python',
      }),
    ).toEqual([{ path: 'main.py', lang: 'python', content: '\n' }]);
  });

  it('reads a fence line with a lone \\r or CRLF line ends', () => {
    expect(
      extractCodeBlocks('```python file=a.py\r\r\nx = 1\r\n```\r\n'),
    ).toEqual([{ path: 'a.py', lang: 'python', content: 'x = 1\n' }]);
  });

  it('reads 512 KiB of ordinary blocks whole', () => {
    const block = '```python file=app/mod.py\ndef f():\n    return 1\n```\n';
    const files = extractCodeBlocks(
      fill(block, 512 * 1024 - ((512 * 1024) % block.length)),
    );
    expect(files.length).toBe(Math.floor((512 * 1024) / block.length));
    expect(files[0]).toEqual({
      path: 'app/mod.py',
      lang: 'python',
      content: 'def f():\n    return 1\n',
    });
  });
});

describe('extractJson on adversarial text', () => {
  const tryJson = (text: string) => {
    try {
      return extractJson(text);
    } catch {
      return undefined;
    }
  };

  it.each<[string, (n: number) => string]>([
    ['an opening then only newlines', n => `\`\`\`${fill('\n', n)}`],
    ['an opening then CRLF and spaces', n => `\`\`\`json${fill(' \r\n', n)}`],
    ['openings without line breaks', n => fill('```x', n)],
    [
      'openings, each with a newline, never closed',
      n => fill('```json \n{', n),
    ],
    ['deeply nested braces', n => `\`\`\`json\n${fill('{', n)}\n\`\`\``],
    ['deeply nested brackets, no fence', n => fill('[', n)],
    ['a run of backticks', n => fill('`', n)],
  ])('stays linear: %s', (_name, make) => {
    expect(runDoubling(make, tryJson).slowestMs).toBeLessThan(LINEAR_LIMIT_MS);
  });

  it('parses arrays nested 256 Ki deep', () => {
    const value = runDoubling(
      n => `\`\`\`json\n${'['.repeat(n / 2)}${']'.repeat(n / 2)}\n\`\`\``,
      extractJson,
    ).last;
    expect(Array.isArray(value)).toBe(true);
  });

  it("through the agents' parseJsonAnswer, a bad answer is a problem, not a hang", () => {
    const schema = z.object({ a: z.number() });
    const answer = runDoubling(
      n => `Plan:\n\`\`\`json${fill(' \n', n)}`,
      text => parseJsonAnswer(schema, text),
    ).last;
    expect(answer).toEqual({
      problem: expect.stringMatching(/^the answer was not JSON/),
    });
    expect(parseJsonAnswer(schema, 'Plan:\n```json\n{"a": 1}\n```')).toEqual({
      value: { a: 1 },
    });
  });

  it("keeps the first block's semantics", () => {
    expect(
      extractJson('```json \t\n\n{"a": 1}\n```\n```json\n{"b": 2}\n```'),
    ).toEqual({ a: 1 });
    expect(extractJson('text ```\n[1]\n``` more')).toEqual([1]);
    expect(extractJson('  {"whole": true}  ')).toEqual({ whole: true });
    expect(() => extractJson('```json\n{"a": 1}')).toThrow();
  });
});

describe('agent answers and paths on adversarial text', () => {
  it.each<[string, (n: number) => string, (text: string) => unknown]>([
    [
      'files answer with unclosed fences',
      n => fill('```py file=a.py\n', n),
      t => parseFilesAnswer(t),
    ],
    [
      "files answer of the review's fence",
      n => `\`\`\`${spaces(n)}\`\r`,
      t => parseFilesAnswer(t),
    ],
    [
      'README answer of spaces',
      n => `\`\`\`md file=README.md\n# T${spaces(n)}\n\`\`\``,
      parseReadme,
    ],
    ['a long path', n => fill('a/', n), unsafePathReason],
    ['a long drive-letter-ish path', n => `C${fill(':', n)}`, unsafePathReason],
    [
      'a long name with dots',
      n => fill('.py', n),
      p => detectLanguage(p, 'python'),
    ],
  ])('stays linear: %s', (_name, make, run) => {
    expect(runDoubling(make, run).slowestMs).toBeLessThan(LINEAR_LIMIT_MS);
  });
});
