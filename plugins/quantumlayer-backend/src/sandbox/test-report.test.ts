import fs from 'fs';
import os from 'os';
import path from 'path';
import { runSandboxed } from './sandbox';
import { prepareTestCommand } from './test-commands';
import { parseTestCases } from './test-report';

jest.setTimeout(120_000);

/** Writes `files` to a temp dir and runs the language's real test runner there. */
async function run(language: string, files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-report-'));
  try {
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    const command = await prepareTestCommand(language, dir, Object.keys(files));
    const result = await runSandboxed({
      ...command,
      workDir: dir,
      timeoutMs: 60_000,
    });
    return parseTestCases(language, `${result.stdout}\n${result.stderr}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('parseTestCases on real runner output', () => {
  it('reads python unittest -v', async () => {
    const cases = await run('python', {
      'test_calc.py': [
        'import unittest',
        'class TestCalc(unittest.TestCase):',
        '    def test_adds(self):',
        '        self.assertEqual(1 + 1, 2)',
        '    def test_breaks(self):',
        '        self.assertEqual(1 + 1, 3)',
        '    @unittest.skip("later")',
        '    def test_later(self):',
        '        pass',
        '',
      ].join('\n'),
    });
    expect(cases).toEqual([
      { name: 'test_calc.TestCalc.test_adds', status: 'passed' },
      { name: 'test_calc.TestCalc.test_breaks', status: 'failed' },
      { name: 'test_calc.TestCalc.test_later', status: 'skipped' },
    ]);
  });

  it('reads node --test TAP, subtests included', async () => {
    const cases = await run('javascript', {
      'calc.test.js': [
        "const test = require('node:test');",
        "const assert = require('node:assert');",
        "test('adds', () => assert.strictEqual(1 + 1, 2));",
        "test('breaks', () => assert.strictEqual(1 + 1, 3));",
        "test('later', { skip: true }, () => {});",
        '',
      ].join('\n'),
    });
    expect(cases).toEqual(
      expect.arrayContaining([
        { name: 'adds', status: 'passed' },
        { name: 'breaks', status: 'failed' },
        { name: 'later', status: 'skipped' },
      ]),
    );
  });

  it('reads node --test TAP of TypeScript compiled on the worker pool', async () => {
    const cases = await run('typescript', {
      'src/calc.ts':
        'export const add = (a: number, b: number): number => a + b;\n',
      'src/calc.test.ts': [
        "import test from 'node:test';",
        "import assert from 'node:assert';",
        "import { add } from './calc';",
        "test('adds', () => assert.strictEqual(add(1, 1), 2));",
        "test('breaks', () => assert.strictEqual(add(1, 1), 3));",
        '',
      ].join('\n'),
    });
    expect(cases).toEqual(
      expect.arrayContaining([
        { name: 'adds', status: 'passed' },
        { name: 'breaks', status: 'failed' },
      ]),
    );
  });

  it('reads go test -v', async () => {
    const cases = await run('go', {
      'go.mod': 'module demo\n\ngo 1.22\n',
      'calc_test.go': [
        'package demo',
        'import "testing"',
        'func TestAdds(t *testing.T) { if 1+1 != 2 { t.Fatal("no") } }',
        'func TestBreaks(t *testing.T) { t.Fatal("broken") }',
        'func TestLater(t *testing.T) { t.Skip("later") }',
        '',
      ].join('\n'),
    });
    expect(cases).toEqual([
      { name: 'TestAdds', status: 'passed' },
      { name: 'TestBreaks', status: 'failed' },
      { name: 'TestLater', status: 'skipped' },
    ]);
  });

  it('yields nothing for output it does not know', () => {
    expect(parseTestCases('python', 'Segmentation fault')).toEqual([]);
    expect(parseTestCases('cobol', 'ok 1 - x')).toEqual([]);
  });
});
