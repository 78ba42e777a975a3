/** One test case's verdict, as the language's runner reported it. */
export interface TestCaseResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
}

// Applied to one line at a time, anchored, with no two neighbouring
// quantifiers that can match the same character: linear in the output's size
// (see adversarial.test.ts). The multi-line forms they replace let `^\s*`
// run across every blank line below each line start, quadratically.
const UNITTEST =
  /^(\w+) \(([\w.]+)\).*?\.\.\. (ok|FAIL|ERROR|skipped|expected failure|unexpected success)/;
const TAP = /^(not ok|ok) \d+ - /;
const GO = /^--- (PASS|FAIL|SKIP): (\S+)/;
/** Line breaks as the regex `m` flag has them. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;
const WHITESPACE = /\s/;
const WORD = /\w/;

function unittestStatus(word: string): TestCaseResult['status'] {
  if (word === 'ok' || word === 'expected failure') return 'passed';
  if (word === 'skipped') return 'skipped';
  return 'failed';
}

/** Whether a `# SKIP` or `# TODO` directive starts at `hash`. */
function isDirective(rest: string, hash: number): boolean {
  let word = hash + 1;
  while (word < rest.length && WHITESPACE.test(rest[word])) word++;
  return (
    (rest.startsWith('SKIP', word) || rest.startsWith('TODO', word)) &&
    !WORD.test(rest[word + 4] ?? '')
  );
}

/**
 * Where a TAP description ends: before the whitespace that precedes the first
 * `# SKIP` or `# TODO` directive (the description keeps at least one
 * character), else at the end. Each character is looked at most twice.
 */
function tapDescriptionEnd(rest: string): number {
  for (let hash = rest.indexOf('#', 1); hash >= 0; ) {
    let start = hash;
    while (start > 1 && WHITESPACE.test(rest[start - 1])) start--;
    if (start < hash && isDirective(rest, hash)) return start;
    hash = rest.indexOf('#', hash + 1);
  }
  return rest.length;
}

function tapCase(line: string): TestCaseResult | undefined {
  const m = TAP.exec(line);
  if (!m || m[0].length === line.length) return undefined;
  const rest = line.slice(m[0].length);
  const end = tapDescriptionEnd(rest);
  let status: TestCaseResult['status'] = m[1] === 'ok' ? 'passed' : 'failed';
  if (end < rest.length) status = 'skipped';
  return { name: rest.slice(0, end).trim(), status };
}

const GO_STATUS = { PASS: 'passed', FAIL: 'failed', SKIP: 'skipped' } as const;

/**
 * Per-case verdicts from a test run's output: python's `unittest -v`, the
 * TAP of `node --test` (subtests included) and `go test -v`. Output the
 * parser does not recognize yields no cases, never a guess. One pass over
 * the lines.
 */
export function parseTestCases(
  language: string,
  output: string,
): TestCaseResult[] {
  const cases: TestCaseResult[] = [];
  const each = (read: (line: string) => TestCaseResult | undefined) => {
    for (const line of output.split(LINE_BREAK)) {
      const found = read(line);
      if (found) cases.push(found);
    }
  };
  switch (language) {
    case 'python':
      each(line => {
        const m = UNITTEST.exec(line);
        return m ? { name: m[2], status: unittestStatus(m[3]) } : undefined;
      });
      break;
    case 'javascript':
    case 'typescript':
      each(line => tapCase(line.trimStart()));
      break;
    case 'go':
      each(line => {
        const m = GO.exec(line.trimStart());
        return m
          ? { name: m[2], status: GO_STATUS[m[1] as keyof typeof GO_STATUS] }
          : undefined;
      });
      break;
    default:
      break;
  }
  return cases;
}
