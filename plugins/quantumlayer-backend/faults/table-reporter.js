// Jest reporter for `yarn test:faults`: after the run, prints one table of the
// fault cases (name | result | key numbers) and writes it to
// .data/faults-table.md. Key numbers come from the rows each case records
// (support/fault-table.ts), results from Jest itself.
/* eslint-disable no-console */
const fs = require('fs');
const path = require('path');

const DATA = path.resolve(__dirname, '../../../.data');
const ROWS = path.join(DATA, 'faults/rows');
const rowFile = name =>
  path.join(ROWS, `${name.replace(/[^a-zA-Z0-9]+/g, '-')}.json`);

class FaultTableReporter {
  onRunStart() {
    fs.rmSync(ROWS, { recursive: true, force: true });
  }

  onRunComplete(_contexts, results) {
    const rows = [];
    for (const file of results.testResults) {
      if (file.testExecError && file.testResults.length === 0) {
        rows.push({
          name: path.basename(file.testFilePath),
          result: 'failed',
          numbers: String(file.testExecError.message).split('\n')[0],
        });
      }
      for (const t of file.testResults) {
        let numbers = '';
        try {
          numbers = JSON.parse(
            fs.readFileSync(rowFile(t.fullName), 'utf8'),
          ).numbers;
        } catch {
          // the case failed before recording its numbers
        }
        if (t.status === 'failed') {
          const reason = String(t.failureMessages[0] ?? '')
            .split('\n')
            .find(line => line.trim())
            ?.trim();
          numbers = [numbers, reason && `failure: ${reason}`]
            .filter(Boolean)
            .join('; ');
        }
        rows.push({
          name: t.fullName,
          result: t.status === 'pending' ? 'skipped' : t.status,
          numbers,
        });
      }
    }
    const cell = s => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
    const lines = [
      '| case | result | key numbers |',
      '|---|---|---|',
      ...rows.map(
        r => `| ${cell(r.name)} | ${r.result} | ${cell(r.numbers)} |`,
      ),
    ];
    const passed = rows.filter(r => r.result === 'passed').length;
    const failed = rows.filter(r => r.result === 'failed').length;
    const skipped = rows.filter(r => r.result === 'skipped').length;
    const summary = `${passed} passed, ${failed} failed, ${skipped} skipped in ${Math.round(
      (Date.now() - results.startTime) / 1000,
    )} s`;
    fs.mkdirSync(DATA, { recursive: true });
    fs.writeFileSync(
      path.join(DATA, 'faults-table.md'),
      `${lines.join('\n')}\n\n${summary}\n`,
    );
    console.log(
      `\nFault-injection cases\n\n${lines.join('\n')}\n\n${summary}\n`,
    );
  }
}

module.exports = FaultTableReporter;
