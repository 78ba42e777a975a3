import {
  fill,
  LINEAR_LIMIT_MS,
  runDoubling,
} from '../__testUtils__/linear-time';
import { parseTestCases } from './test-report';

// Test output is written by generated code: worst cases for each runner's
// pattern, at sizes doubling up to 512 KiB, each of which must stay fast.
describe('parseTestCases on adversarial output', () => {
  it.each<[string, string, (n: number) => string]>([
    [
      'javascript',
      'a TAP line with a long run of spaces',
      n => `ok 1 - ${fill(' ', n)}x`,
    ],
    [
      'javascript',
      'a TAP line of spaces and hashes',
      n => `ok 1 - a${fill(' #', n)}`,
    ],
    [
      'javascript',
      'a TAP line of "# SKI" near-misses',
      n => `not ok 1 - a${fill(' # SKI', n)}`,
    ],
    ['javascript', 'blank lines', n => fill('\n', n)],
    ['javascript', 'indented blank lines and CRLF', n => fill(' \t\r\n', n)],
    ['javascript', 'lone \\r', n => fill('\r', n)],
    ['javascript', 'many short TAP lines', n => fill('ok 1 - a # TODO x\n', n)],
    ['javascript', 'a long test number', n => `ok ${fill('1', n)}`],
    ['go', 'blank lines', n => fill('\n', n)],
    ['go', 'spaces then a near-miss', n => `${fill(' ', n)}--- PASS:`],
    ['go', 'many results', n => fill('    --- PASS: TestX (0.00s)\n', n)],
    ['python', 'a long name', n => `${fill('a', n)} (m.T) ... ok`],
    ['python', 'dots without a verdict', n => `test_a (m.T)${fill(' ..', n)}`],
    ['python', 'many results', n => fill('test_a (m.T.test_a) ... ok\n', n)],
  ])('%s stays linear: %s', (language, _name, make) => {
    expect(
      runDoubling(make, output => parseTestCases(language, output)).slowestMs,
    ).toBeLessThan(LINEAR_LIMIT_MS);
  });

  it('reads what the line scanners replaced the multi-line patterns for', () => {
    const output = [
      'TAP version 13',
      '# Subtest: adds',
      '    ok 1 - adds',
      'not ok 2 - breaks  # not a directive',
      'ok 3 - later # SKIP later',
      'ok 4 - a#b # TODO soon',
      'ok 5 - x\r',
      'ok 6 - next line is no directive',
      ' # SKIP',
    ].join('\n');
    expect(parseTestCases('javascript', output)).toEqual([
      { name: 'adds', status: 'passed' },
      { name: 'breaks  # not a directive', status: 'failed' },
      { name: 'later', status: 'skipped' },
      { name: 'a#b', status: 'skipped' },
      { name: 'x', status: 'passed' },
      { name: 'next line is no directive', status: 'passed' },
    ]);
    expect(
      parseTestCases('go', '=== RUN TestA\r\n  --- FAIL: TestA (0.00s)\r\n'),
    ).toEqual([{ name: 'TestA', status: 'failed' }]);
    expect(
      parseTestCases(
        'python',
        'test_a (m.T.test_a) ... ok\ntest_b (m.T.test_b)\nDoc ... FAIL\n',
      ),
    ).toEqual([{ name: 'm.T.test_a', status: 'passed' }]);
  });
});
