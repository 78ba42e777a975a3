/** One test case's verdict, as the language's runner reported it. */
export interface TestCaseResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
}

const UNITTEST = /^(\w+) \(([\w.]+)\)[^\n]*?\.\.\. (ok|FAIL|ERROR|skipped|expected failure|unexpected success)/gm;
const TAP = /^\s*(not ok|ok) \d+ - (.+?)(?:\s+#\s*(SKIP|TODO)\b.*)?$/gm;
const GO = /^\s*--- (PASS|FAIL|SKIP): (\S+)/gm;

function unittestStatus(word: string): TestCaseResult['status'] {
  if (word === 'ok' || word === 'expected failure') return 'passed';
  if (word === 'skipped') return 'skipped';
  return 'failed';
}

/**
 * Per-case verdicts from a test run's output: python's `unittest -v`, the
 * TAP of `node --test` (subtests included) and `go test -v`. Output the
 * parser does not recognize yields no cases, never a guess.
 */
export function parseTestCases(
  language: string,
  output: string,
): TestCaseResult[] {
  const cases: TestCaseResult[] = [];
  switch (language) {
    case 'python':
      for (const m of output.matchAll(UNITTEST))
        cases.push({ name: `${m[2]}`, status: unittestStatus(m[3]) });
      break;
    case 'javascript':
    case 'typescript':
      for (const m of output.matchAll(TAP)) {
        let status: TestCaseResult['status'] = m[1] === 'ok' ? 'passed' : 'failed';
        if (m[3]) status = 'skipped';
        cases.push({ name: m[2].trim(), status });
      }
      break;
    case 'go':
      for (const m of output.matchAll(GO)) {
        const status = { PASS: 'passed', FAIL: 'failed', SKIP: 'skipped' } as const;
        cases.push({ name: m[2], status: status[m[1] as keyof typeof status] });
      }
      break;
    default:
      break;
  }
  return cases;
}
