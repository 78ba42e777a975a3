/** A unified diff of one file plus its line counts. */
export interface FileDiff {
  text: string;
  additions: number;
  deletions: number;
}

/** Largest number of line pairs compared exactly; beyond it the file is shown replaced. */
const MAX_CELLS = 4_000_000;

function lcsTable(a: string[], b: string[]): Uint32Array {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j]
          ? table[(i + 1) * width + j + 1] + 1
          : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  return table;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

function diffOps(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map(line => ({ kind: '-' as const, line })),
      ...b.map(line => ({ kind: '+' as const, line })),
    ];
  }
  const table = lcsTable(a, b);
  const width = b.length + 1;
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] });
      i++;
      j++;
    } else if (
      i < a.length &&
      (j === b.length || table[(i + 1) * width + j] >= table[i * width + j + 1])
    ) {
      ops.push({ kind: '-', line: a[i] });
      i++;
    } else {
      ops.push({ kind: '+', line: b[j] });
      j++;
    }
  }
  return ops;
}

const splitLines = (text: string) =>
  text === '' ? [] : text.replace(/\n$/, '').split('\n');

/**
 * A unified diff (3 lines of context) between two versions of a file, as
 * `git diff` shows it; `undefined` content means the file did not exist.
 */
export function unifiedDiff(
  path: string,
  before: string | undefined,
  after: string | undefined,
): FileDiff {
  const a = splitLines(before ?? '');
  const b = splitLines(after ?? '');
  const ops = diffOps(a, b);
  const additions = ops.filter(o => o.kind === '+').length;
  const deletions = ops.filter(o => o.kind === '-').length;
  if (additions === 0 && deletions === 0) {
    return { text: '', additions, deletions };
  }
  const lines = [
    `--- ${before === undefined ? '/dev/null' : `a/${path}`}`,
    `+++ ${after === undefined ? '/dev/null' : `b/${path}`}`,
  ];
  const context = 3;
  let k = 0;
  let aLine = 0;
  let bLine = 0;
  while (k < ops.length) {
    if (ops[k].kind === ' ') {
      k++;
      aLine++;
      bLine++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    let quiet = 0;
    while (end < ops.length && quiet <= 2 * context) {
      quiet = ops[end].kind === ' ' ? quiet + 1 : 0;
      end++;
    }
    end = Math.min(ops.length, end - Math.max(0, quiet - context));
    const lead = k - start;
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter(o => o.kind !== '+').length;
    const bCount = hunk.filter(o => o.kind !== '-').length;
    lines.push(
      `@@ -${aLine - lead + (aCount ? 1 : 0)},${aCount} +${
        bLine - lead + (bCount ? 1 : 0)
      },${bCount} @@`,
    );
    for (const op of hunk) lines.push(`${op.kind}${op.line}`);
    for (const op of ops.slice(k, end)) {
      if (op.kind !== '+') aLine++;
      if (op.kind !== '-') bLine++;
    }
    k = end;
  }
  return { text: `${lines.join('\n')}\n`, additions, deletions };
}
