const { builtinModules } = require('module');

// Workflow code must stay deterministic and sandbox-safe: no Node built-ins
// (bare or node:), no Backstage server packages, no provider SDKs.
const workflowBans = [
  ...builtinModules.filter(m => m !== 'assert').flatMap(m => [m, `node:${m}`]),
  'openai',
  'knex',
  '@temporalio/activity',
  '@temporalio/worker',
  '@temporalio/client',
];

module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      files: ['src/workflows/{workflows,shared,stage-tracker}.ts'],
      parserOptions: { project: require.resolve('../../tsconfig.json') },
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: workflowBans,
            patterns: ['@backstage/*-backend*', '@backstage/backend-*', '@backstage/plugin-*-node'],
          },
        ],
        '@typescript-eslint/no-floating-promises': 'error',
      },
    },
  ],
});
