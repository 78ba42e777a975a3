const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');

// The entry points the worker bundles into the workflow sandbox
// (src/workflows/worker.ts: workflowsPath, workflowInterceptorModules).
const workflowEntries = [
  'src/workflows/workflows.ts',
  'src/workflows/workflow-interceptors.ts',
];

/**
 * Every source file the sandbox bundle holds: the entries and what they
 * import by relative path, transitively (type-only imports are erased, so
 * they are not followed).
 */
function workflowBundleFiles() {
  const found = new Set();
  const visit = file => {
    if (found.has(file)) return;
    found.add(file);
    const source = fs.readFileSync(path.join(__dirname, file), 'utf8');
    const specifiers =
      /^\s*(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?'(\.[^']+)'/gm;
    for (const [, spec] of source.matchAll(specifiers)) {
      const base = path.join(path.dirname(file), spec);
      const next = [`${base}.ts`, path.join(base, 'index.ts')].find(f =>
        fs.existsSync(path.join(__dirname, f)),
      );
      if (next) visit(next);
    }
  };
  workflowEntries.forEach(visit);
  return [...found].sort();
}

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
    // The fault suite, the benchmarks and the evaluation harness run the
    // whole product (codegen and the LLM router plugin) and reach into the
    // router package's internals; none of them ships.
    {
      files: ['faults/**', 'bench/**', 'harness/**', 'deploy-policy/**'],
      rules: { '@backstage/no-relative-monorepo-imports': 'off' },
    },
    {
      files: workflowBundleFiles(),
      parserOptions: { project: require.resolve('../../tsconfig.json') },
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: workflowBans,
            patterns: [
              '@backstage/*-backend*',
              '@backstage/backend-*',
              '@backstage/plugin-*-node',
            ],
          },
        ],
        '@typescript-eslint/no-floating-promises': 'error',
      },
    },
  ],
});
