// Jest project of the fault-injection suite (`yarn test:faults`). It reuses
// the package's Backstage CLI config but looks only at faults/**/*.faults.ts,
// which `backstage-cli repo test` (rootDir src/, *.test.*) never runs.
const path = require('path');

module.exports = (async () => {
  const base = await require('@backstage/cli/config/jest');
  return {
    ...base,
    rootDir: __dirname,
    roots: [__dirname],
    testMatch: ['**/*.faults.ts'],
    displayName: 'faults',
    id: `${base.id ?? 'backstage'}_faults`,
    setupFiles: [
      ...(base.setupFiles ?? []),
      path.join(__dirname, 'support/quiet-temporal.js'),
    ],
    reporters: ['default', path.join(__dirname, 'table-reporter.js')],
  };
})();
