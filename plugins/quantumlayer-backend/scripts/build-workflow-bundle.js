#!/usr/bin/env node
// Pre-bundles the workflow code for production workers (dist/workflow-bundle.js),
// so a deployed backend never runs webpack at start-up. Development bundles on
// the fly when the file is absent.
const path = require('path');
const fs = require('fs');
const { bundleWorkflowCode } = require('@temporalio/worker');

async function main() {
  const root = path.resolve(__dirname, '..');
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(root, 'src/workflows/workflows.ts'),
    workflowInterceptorModules: [
      path.join(root, 'src/workflows/workflow-interceptors.ts'),
    ],
  });
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist/workflow-bundle.js'), code);
  console.log(`wrote dist/workflow-bundle.js (${code.length} bytes)`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
