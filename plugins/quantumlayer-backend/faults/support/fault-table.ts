import fs from 'fs';
import path from 'path';

/** Where each case leaves its key numbers for the table reporter. */
export const ROWS_DIR = path.resolve(
  __dirname,
  '../../../../.data/faults/rows',
);

/** Stable file name for a test's full name. */
export const rowFile = (testName: string) =>
  path.join(ROWS_DIR, `${testName.replace(/[^a-zA-Z0-9]+/g, '-')}.json`);

/**
 * Records the key numbers of the running case (shown in the suite's table
 * whether it then passes or fails); call it before the assertions.
 */
export function recordNumbers(numbers: Record<string, string | number>) {
  const name = expect.getState().currentTestName ?? 'unknown';
  fs.mkdirSync(ROWS_DIR, { recursive: true });
  const text = Object.entries(numbers)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  fs.writeFileSync(rowFile(name), JSON.stringify({ name, numbers: text }));
}
